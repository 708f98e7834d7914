using System.Text.Json;
using Commerce.Cart.Auth;

namespace Commerce.Catalog;

/// <summary>`POST /api/admin/products/import`: a JSON-lines product feed (one product per line), saved line by line.</summary>
public sealed class AdminImports(ProductWriter writer, AdminAccess staff)
{
    public const int MaxLines = 10_000;

    /// <summary>Largest feed accepted: <see cref="MaxLines"/> products of ~1.6 KB each.</summary>
    public const int MaxFeedBytes = 16 * 1024 * 1024;

    [Function(nameof(ImportProducts))]
    [OpenApiOperation("ImportProducts", "Import a JSON-lines product feed (staff)")]
    [OpenApiStaffOnly]
    [OpenApiRequestBody(null, MaxFeedBytes, ContentTypes = ["application/x-ndjson"], Description = "One product (as in CreateProduct) per line.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(ImportReport), Description = "How many were imported, and each failed line with its reason.")]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "malformed-body")]
    [OpenApiProblem(StatusCodes.Status413PayloadTooLarge, "feed-too-large")]
    public async Task<IActionResult> ImportProducts([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/products/import")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return refused;
        }

        ArgumentNullException.ThrowIfNull(request);
        var (feed, problem) = await RequestBodies.ReadAsync(request, MaxFeedBytes, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var lines = new List<ImportLine>();
        using var text = new StringReader(System.Text.Encoding.UTF8.GetString(feed.Span));
        var number = 0;
        while (text.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (lines.Count == MaxLines)
            {
                return Problems.Result(StatusCodes.Status413PayloadTooLarge, "feed-too-large", "The feed is too large.", $"At most {MaxLines} products per import.");
            }

            lines.Add(Parse(number, line));
        }

        if (lines.Count == 0)
        {
            return CatalogHttp.Malformed("The feed has no products: send one JSON object per line.");
        }

        return new OkObjectResult(await writer.ImportAsync(lines, cancellationToken));
    }

    static ImportLine Parse(int number, string line)
    {
        try
        {
            return new ImportLine(number, JsonSerializer.Deserialize<ProductInput>(line, CommerceJson.Options));
        }
        catch (JsonException ex)
        {
            return new ImportLine(number, null, ex.Message);
        }
    }
}
