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
}
