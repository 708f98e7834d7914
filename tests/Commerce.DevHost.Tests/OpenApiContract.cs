using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Commerce.DevHost.Tests;

/// <summary>
/// Checks an answer against the OpenAPI document: its status must be documented for the operation, its media type
/// among that status's content, and its body valid against that content's schema (JSON Schema 2020-12, the
/// document's components as <c>$defs</c>).
/// </summary>
public sealed class OpenApiContract(JsonObject document)
{
    const string ComponentsPointer = "#/components/schemas/";

    readonly string definitions = document["components"]!["schemas"]!.ToJsonString().Replace(ComponentsPointer, "#/$defs/", StringComparison.Ordinal);

    public JsonObject Document => document;

    /// <summary>What is wrong with <paramref name="response"/> as an answer of <paramref name="method"/> <paramref name="path"/> (a route template); empty when it is documented.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(string method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var where = $"{method} {path} {status}";
        if (document["paths"]?[path]?[method.ToLowerInvariant()] is not JsonObject operation)
        {
            return [$"{method} {path} is not an operation of the document"];
        }

        if (operation["responses"]?[status] is not JsonObject documented)
        {
            return [$"{where} is not documented (documented: {string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))})"];
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Length == 0)
        {
            return [];
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "(none)";
        if (documented["content"]?[mediaType]?["schema"] is not { } schema)
        {
            return [$"{where} answered {mediaType}, which is not documented for it"];
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return [];
        }

        var failures = Validate(schema, body);
        return [.. failures.Select(f => $"{where}: {f}")];
    }

    /// <summary>The schema errors of <paramref name="json"/> against <paramref name="schema"/> (a schema of the document).</summary>
    public IReadOnlyList<string> Validate(JsonNode schema, string json)
    {
        var text = $$"""{"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {{definitions}}, "allOf": [{{schema.ToJsonString().Replace(ComponentsPointer, "#/$defs/", StringComparison.Ordinal)}}]}""";
        var compiled = JsonSchema.FromText(text, baseUri: new Uri($"https://contract.test/{Guid.NewGuid():N}"));
        using var instance = JsonDocument.Parse(json);
        var result = compiled.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")).DefaultIfEmpty($"invalid: {json[..Math.Min(json.Length, 300)]}")];
    }

    /// <summary>A request for an operation, with the headers it takes.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string url, object? body = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, MediaTypeHeaderValue.Parse("application/json"))
                : System.Net.Http.Json.JsonContent.Create(body);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
