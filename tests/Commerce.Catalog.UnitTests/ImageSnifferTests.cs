using Commerce.Catalog.Domain;

namespace Commerce.Catalog.UnitTests;

public sealed class ImageSnifferTests
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    public static readonly byte[] WebP = [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8];

    [Fact]
    public void Recognises_jpeg_png_and_webp_by_their_leading_bytes()
    {
        Assert.Equal("image/png", ImageSniffer.Sniff(Png)?.ContentType);
        Assert.Equal("image/jpeg", ImageSniffer.Sniff(Jpeg)?.ContentType);
        Assert.Equal("image/webp", ImageSniffer.Sniff(WebP)?.ContentType);
    }

    [Theory]
    [InlineData("hello, I am a text file")]
    [InlineData("GIF89a")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("")]
    public void Rejects_anything_else(string text) => Assert.Null(ImageSniffer.Sniff(System.Text.Encoding.UTF8.GetBytes(text)));
}
