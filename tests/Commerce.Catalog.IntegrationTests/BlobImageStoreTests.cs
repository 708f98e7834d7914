using Azure.Storage.Blobs;
using Commerce.Catalog.Images;
using Commerce.Testing;

namespace Commerce.Catalog.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobImageStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Stores_the_image_with_its_sniffed_content_type_and_returns_its_blob_url()
    {
        var ct = TestContext.Current.CancellationToken;
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("images-" + Guid.NewGuid().ToString("N"));
        var store = new BlobImageStore(container);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

        var url = await store.SaveAsync("p1/a.png", png, "image/png", ct);

        var blob = container.GetBlobClient("p1/a.png");
        Assert.Equal(blob.Uri.ToString(), url);
        var properties = await blob.GetPropertiesAsync(cancellationToken: ct);
        Assert.Equal("image/png", properties.Value.ContentType);
        Assert.Equal(png, (await blob.DownloadContentAsync(ct)).Value.Content.ToArray());
    }

    [Fact]
    public async Task With_a_public_base_url_the_image_url_is_on_that_host_not_the_private_blob_endpoint()
    {
        // In Azure the container is private and the edge serves it (/images/* with its own identity): the catalog must
        // hand browsers the edge's URL, never the blob endpoint they cannot read.
        var ct = TestContext.Current.CancellationToken;
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("images-" + Guid.NewGuid().ToString("N"));
        var store = new BlobImageStore(container, new Uri("https://apim-token.azure-api.net/images"));
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 4, 5, 6];

        var url = await store.SaveAsync("p2/b c.png", png, "image/png", ct);

        Assert.Equal("https://apim-token.azure-api.net/images/p2/b%20c.png", url);
        Assert.Equal(png, (await container.GetBlobClient("p2/b c.png").DownloadContentAsync(ct)).Value.Content.ToArray());
    }
}
