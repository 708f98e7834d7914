namespace Commerce.Catalog;

/// <summary>
/// `POST /api/admin/products/{id}/images`: one image as the raw body or the first file of a multipart form. The type
/// is sniffed from the bytes (JPEG, PNG, WebP only), never taken from the file name or the declared content type.
/// </summary>
public sealed class AdminImages(ProductWriter writer)
{
    [Function(nameof(UploadProductImage))]
    public async Task<IActionResult> UploadProductImage([HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/products/{id}/images")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > ImageSniffer.MaxBytes + 64 * 1024)
        {
            return TooLarge();
        }

        Stream body;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                return CatalogHttp.Malformed(ex.Message);
            }

            if (form.Files.Count == 0)
            {
                return Problems.Validation(new Dictionary<string, string[]> { ["image"] = ["The form has no file."] });
            }

            body = form.Files[0].OpenReadStream();
        }
        else
        {
            body = request.Body;
        }

        await using (body)
        {
            var bytes = await ReadCappedAsync(body, cancellationToken);
            return bytes is null
                ? TooLarge()
                : CatalogHttp.ToResponse(await writer.AddImageAsync(id, bytes, request.Query["alt"].FirstOrDefault(), cancellationToken));
        }
    }

    static async Task<byte[]?> ReadCappedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > ImageSniffer.MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    static ObjectResult TooLarge() => Problems.Result(StatusCodes.Status413PayloadTooLarge, "image-too-large", "The image is too large.", $"At most {ImageSniffer.MaxBytes} bytes.");
}
