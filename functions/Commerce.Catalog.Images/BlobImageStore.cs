using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Commerce.Catalog.Domain;

namespace Commerce.Catalog.Images;

/// <summary>Product images in a Blob Storage container (created public-read-less: served through a CDN or SAS in front).</summary>
public sealed class BlobImageStore(BlobContainerClient container) : IImageStore
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
        return blob.Uri.ToString();
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
