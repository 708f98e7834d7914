using System.Text.Json;
using System.Text.Json.Serialization;

namespace Commerce.Primitives;

/// <summary>The one set of JSON options every payload of the platform is written and read with.</summary>
public static class CommerceJson
{
    /// <summary>Web defaults (camelCase, case-insensitive reads), enums as camelCase strings, nulls omitted.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            MaxDepth = 32,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
