namespace Commerce.Catalog.Domain;

/// <summary>The image store port: Blob Storage in Azure, a local folder in the dev host.</summary>
public interface IImageStore
{
    /// <summary>Stores the bytes under <paramref name="name"/> with <paramref name="contentType"/>; returns the URL clients fetch it from.</summary>
    Task<string> SaveAsync(string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default);
}

/// <summary>The image formats the catalog accepts, recognised by their leading bytes (never by file name or declared type).</summary>
public static class ImageSniffer
{
    /// <summary>Largest image accepted.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>The sniffed media type and file extension, or null when the bytes are not JPEG, PNG or WebP.</summary>
    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ("image/jpeg", "jpg");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("image/png", "png");
        }

        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return ("image/webp", "webp");
        }

        return null;
    }
}
