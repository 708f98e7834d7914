using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Commerce.Testing;

/// <summary>
/// Checks an answer against the OpenAPI document: its status must be documented for the operation, its media type
/// among that status's content, and its body valid against that content's schema (JSON Schema 2020-12, the
/// document's components as <c>$defs</c>). One checker for the contract tests, the end-to-end tests and the simulator.
/// </summary>
public sealed class OpenApiContract(JsonObject document)
{
    const string ComponentsPointer = "#/components/schemas/";

    readonly string definitions = document["components"]!["schemas"]!.ToJsonString().Replace(ComponentsPointer, "#/$defs/", StringComparison.Ordinal);

    readonly ConcurrentDictionary<string, JsonSchema> compiled = new(StringComparer.Ordinal);

    readonly (string Template, string[] Segments)[] templates = [.. document["paths"]!.AsObject().Select(p => (p.Key, p.Key.Split('/')))];

    public JsonObject Document => document;

    /// <summary>What is wrong with <paramref name="response"/> as an answer of <paramref name="method"/> <paramref name="path"/> (a route template); empty when it is documented.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(string method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var where = $"{method} {path} {status}";
        var operations = document["paths"]?[path] as JsonObject;

        // A method the path does not declare is answered with the 405 its operations document.
        if ((operations?[method.ToLowerInvariant()] ?? (status == "405" ? operations?.Select(o => o.Value).FirstOrDefault() : null)) is not JsonObject operation)
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

    /// <summary>What is wrong with <paramref name="response"/> as the answer to <paramref name="request"/>, its route template found in the document.</summary>
    public Task<IReadOnlyList<string>> CheckAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0];
        return TemplateOf(path) is { } template
            ? CheckAsync(request.Method.Method, template, response, cancellationToken)
            : Task.FromResult<IReadOnlyList<string>>([$"{request.Method} {path} is on no path of the document"]);
    }

    /// <summary>The document's path template that <paramref name="path"/> (escaped, as sent) is on: a literal segment wins over a parameter.</summary>
    public string? TemplateOf(string path)
    {
        var segments = path.Split('/');
        return templates
            .Where(t => t.Segments.Length == segments.Length && t.Segments.Zip(segments).All(s => IsParameter(s.First) ? s.Second.Length > 0 : string.Equals(s.First, s.Second, StringComparison.Ordinal)))
            .OrderBy(t => t.Segments.Count(IsParameter))
            .Select(t => t.Template)
            .FirstOrDefault();

        static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');
    }

    /// <summary>The schema errors of <paramref name="json"/> against <paramref name="schema"/> (a schema of the document).</summary>
    public IReadOnlyList<string> Validate(JsonNode schema, string json)
    {
        var schemaText = schema.ToJsonString();
        var validator = compiled.GetOrAdd(schemaText, s =>
            JsonSchema.FromText($$"""{"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {{definitions}}, "allOf": [{{s.Replace(ComponentsPointer, "#/$defs/", StringComparison.Ordinal)}}]}""", baseUri: new Uri($"https://contract.test/{Guid.NewGuid():N}")));
        using var instance = JsonDocument.Parse(json);
        var result = validator.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
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
