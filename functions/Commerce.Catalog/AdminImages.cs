using Commerce.Cart.Auth;

namespace Commerce.Catalog;

/// <summary>
/// `POST /api/admin/products/{id}/images`: one image as the raw body or the first file of a multipart form. The type
/// is sniffed from the bytes (JPEG, PNG, WebP only), never taken from the file name or the declared content type.
/// </summary>
public sealed class AdminImages(ProductWriter writer, AdminAccess staff)
{
    /// <summary>Largest request: one image plus room for multipart framing.</summary>
    public const int MaxRequestBytes = ImageSniffer.MaxBytes + (64 * 1024);

    [Function(nameof(UploadProductImage))]
    [OpenApiOperation("UploadProductImage", "Add an image to a product (staff): JPEG, PNG or WebP")]
    [OpenApiParameter("alt", Description = "The image's alternative text.")]
    [OpenApiRequestBody(null, MaxRequestBytes, ContentTypes = ["image/jpeg", "image/png", "image/webp", "multipart/form-data"])]
    [ProductWrite(StatusCodes.Status200OK)]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "malformed-body")]
    [OpenApiProblem(StatusCodes.Status413PayloadTooLarge, "image-too-large")]
    public async Task<IActionResult> UploadProductImage([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/products/{id}/images")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return refused;
        }

        ArgumentNullException.ThrowIfNull(request);
        // The whole request, multipart framing included, is read through the bound before anything parses it.
        var (bytes, problem) = await RequestBodies.ReadAsync(request, MaxRequestBytes, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        ReadOnlyMemory<byte> image = bytes;
        if (request.HasFormContentType)
        {
            request.Body = new MemoryStream(bytes.ToArray(), writable: false);
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

            await using var file = form.Files[0].OpenReadStream();
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, cancellationToken);
            image = copy.ToArray();
        }

        return image.Length > ImageSniffer.MaxBytes
            ? TooLarge()
            : CatalogHttp.ToResponse(await writer.AddImageAsync(id, image, request.Query["alt"].FirstOrDefault(), cancellationToken));
    }

    static ObjectResult TooLarge() => Problems.Result(StatusCodes.Status413PayloadTooLarge, "image-too-large", "The image is too large.", $"At most {ImageSniffer.MaxBytes} bytes.");
}
