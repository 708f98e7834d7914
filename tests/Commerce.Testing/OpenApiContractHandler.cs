namespace Commerce.Testing;

/// <summary>
/// Checks every answer of the API (paths under <c>/api/</c>) against the OpenAPI document as it passes, and reports
/// what is undocumented or off its schema; until <see cref="Enforce"/> names the document, answers pass unchecked
/// (the document itself is read first). Other paths (the Functions host's <c>/admin/functions</c>) are not the API.
/// </summary>
public sealed class OpenApiContractHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    (OpenApiContract Contract, Action<string> Report)? enforced;

    /// <summary>From now on, each answer of the API is checked against <paramref name="contract"/>; each failure goes to <paramref name="report"/>.</summary>
    public void Enforce(OpenApiContract contract, Action<string> report) => enforced = (contract, report);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (enforced is { } check && request.RequestUri!.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            foreach (var failure in await check.Contract.CheckAsync(request, response, cancellationToken))
            {
                check.Report($"contract: {failure}");
            }
        }

        return response;
    }
}
