using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Commerce.Catalog.Domain;

namespace Commerce.Catalog.Images;

/// <summary>
/// Product images in a private Blob Storage container. Browsers cannot read the container; something in front serves it
/// (in Azure, the storefront edge at <c>/images/*</c> with its own identity), so with <paramref name="publicBaseUrl"/>
/// the URL handed out is that host's, not the blob endpoint's.
/// </summary>
public sealed class BlobImageStore(BlobContainerClient container, Uri? publicBaseUrl = null) : IImageStore
{
    int _created;

    public async Task<string> SaveAsync(string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _created, 1, 0) == 0)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        var blob = container.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = "public, max-age=31536000, immutable" } }, cancellationToken);
        return publicBaseUrl is null
            ? blob.Uri.ToString()
            : $"{publicBaseUrl.AbsoluteUri.TrimEnd('/')}/{string.Join('/', name.Split('/').Select(Uri.EscapeDataString))}";
    }
}

/// <summary>Product images in a local folder, served by the dev host under <see cref="UrlPrefix"/>.</summary>
public sealed class LocalImageStore(string root) : IImageStore
{
    public const string UrlPrefix = "/images/";

    public string Root { get; } = Path.GetFullPath(root);

    public async Task<string> SaveAsync(string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(Path.Combine(Root, name));
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("The image name leaves the image folder.", nameof(name));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        return UrlPrefix + name;
    }
}
