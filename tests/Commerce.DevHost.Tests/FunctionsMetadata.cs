using System.Text.Json;

namespace Commerce.DevHost.Tests;

/// <summary>One function as the worker SDK describes it in <c>functions.metadata</c>: the contract with the Functions host.</summary>
public sealed record MetadataFunction(string App, string Name, string TriggerType, string? Route, IReadOnlyList<string> Methods)
{
    public string Key => TriggerType == "httpTrigger"
        ? $"{App}:{Name} http {string.Join(',', Methods.Order(StringComparer.Ordinal))} /api/{Route}"
        : $"{App}:{Name} {TriggerType}";
}

public static class FunctionsMetadata
{
    /// <summary>Reads an app's generated metadata from its build output.</summary>
    public static IReadOnlyList<MetadataFunction> Read(string app, string project)
    {
        var path = Path.Combine(RepositoryPaths.AppOutput(project), "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build the app first.");
        return Parse(app, File.ReadAllText(path));
    }

    public static IReadOnlyList<MetadataFunction> Parse(string app, string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            var type = trigger.GetProperty("type").GetString()!;
            var route = trigger.TryGetProperty("route", out var r) ? r.GetString() : null;
            var methods = trigger.TryGetProperty("methods", out var m)
                ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToArray()
                : [];
            return new MetadataFunction(app, function.GetProperty("name").GetString()!, type, route ?? function.GetProperty("name").GetString(), methods);
        }).ToArray();
    }
}
