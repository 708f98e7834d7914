using System.Text.Json;

namespace Commerce.Documents;

/// <summary>
/// The one JSON configuration every adapter uses for document bodies: System.Text.Json web defaults
/// (camelCase names, case-insensitive reads, numbers from strings). Created once, read-only.
/// </summary>
public static class DocumentJson
{
    /// <summary>The shared, read-only serializer options. Never create options per call.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
