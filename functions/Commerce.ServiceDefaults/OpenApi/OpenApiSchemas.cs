using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Commerce.Primitives;

namespace Commerce.ServiceDefaults.OpenApi;

/// <summary>
/// The document's component schemas, exported from the C# types with the apps' own JSON options
/// (<see cref="CommerceJson.Options"/>) by <see cref="JsonSchemaExporter"/>: each object type is one component,
/// referenced wherever it appears, so a schema is what the serializer writes and reads.
/// </summary>
public sealed class OpenApiSchemas(JsonSerializerOptions options)
{
    public const string ProblemDetailsName = "ProblemDetails";
    const string ComponentsPrefix = "#/components/schemas/";

    readonly Dictionary<Type, string> names = [];
    readonly SortedDictionary<string, JsonNode> components = new(StringComparer.Ordinal) { [ProblemDetailsName] = ProblemDetails() };
    readonly Queue<Type> pending = new();

    /// <summary>The schema of <paramref name="type"/>: a reference for an object type, else inline (with references inside).</summary>
    public JsonNode Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var schema = IsComponent(options.GetTypeInfo(type)) ? Reference(type) : Export(type);
        Drain();
        return schema;
    }

    /// <summary>The components written so far, ProblemDetails included.</summary>
    public JsonObject Components() => new([.. components.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value.DeepClone()))]);

    /// <summary>A problem answer's schema: ProblemDetails whose <c>type</c> is one of <paramref name="types"/> and whose status is <paramref name="status"/>.</summary>
    public static JsonObject Problem(int status, IEnumerable<string> types) => new()
    {
        ["allOf"] = new JsonArray(
            new JsonObject { ["$ref"] = ComponentsPrefix + ProblemDetailsName },
            new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["type"] = new JsonObject { ["enum"] = OpenApiJson.Array(types) },
                    ["status"] = new JsonObject { ["const"] = status },
                },
            }),
    };

    void Drain()
    {
        while (pending.TryDequeue(out var type))
        {
            var name = names[type];
            if (!components.ContainsKey(name))
            {
                components[name] = true; // reserved while it is exported (a type that contains itself)
                components[name] = Export(type, root: type);
            }
        }
    }

    JsonNode Export(Type type, Type? root = null)
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                var nested = context.Path.Length > 0 || root is null;
                if ((Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type) == typeof(long) && node is JsonObject integer)
                {
                    // 64-bit integers (money's minor units among them) say so: generated clients read them as long.
                    integer["format"] = "int64";
                }

                return nested && IsComponent(context.TypeInfo) ? Referenced(context.TypeInfo.Type, node) : OmittingNulls(node);
            },
        };
        var schema = options.GetJsonSchemaAsNode(type, exporter);
        if (root is not null)
        {
            RebaseSelfReferences(schema, ComponentsPrefix + names[root]);
        }

        return schema;
    }

    /// <summary>A reference to the component of <paramref name="type"/>, nullable when the exported node allowed null.</summary>
    JsonNode Referenced(Type type, JsonNode node)
    {
        var reference = Reference(type);
        var nullable = node is JsonObject o && o["type"] is JsonArray types && types.Any(t => (string?)t == "null");
        var wrapped = nullable ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) } : reference;
        if (node is JsonObject { } described && described["description"] is { } description)
        {
            wrapped = new JsonObject { ["description"] = description.DeepClone(), ["allOf"] = new JsonArray(wrapped) };
        }

        return wrapped;
    }

    JsonObject Reference(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!names.TryGetValue(type, out var name))
        {
            name = NameOf(type);
            var taken = names.Values.ToHashSet(StringComparer.Ordinal);
            for (var i = 2; taken.Contains(name); i++)
            {
                name = NameOf(type) + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            names[type] = name;
            pending.Enqueue(type);
        }

        return new JsonObject { ["$ref"] = ComponentsPrefix + name };
    }

    /// <summary>
    /// Nulls are not written (<see cref="CommerceJson.Options"/>: <c>WhenWritingNull</c>), so a property that may be null
    /// may be absent: it is not required.
    /// </summary>
    static JsonNode OmittingNulls(JsonNode node)
    {
        if (node is JsonObject { } obj && obj["required"] is JsonArray required && obj["properties"] is JsonObject properties)
        {
            var kept = required.Select(r => (string)r!).Where(name => !AllowsNull(properties[name])).ToArray();
            if (kept.Length == 0)
            {
                obj.Remove("required");
            }
            else
            {
                obj["required"] = OpenApiJson.Array(kept);
            }
        }

        return node;
    }

    static bool AllowsNull(JsonNode? schema) => schema switch
    {
        JsonObject o when o["type"] is JsonValue type => (string?)type == "null",
        JsonObject o when o["type"] is JsonArray types => types.Any(t => (string?)t == "null"),
        JsonObject o => new[] { "anyOf", "oneOf", "allOf" }.Any(k => o[k] is JsonArray options && options.Any(AllowsNull)),
        _ => false,
    };

    /// <summary>The exporter points at the root of the type it exports (<c>#</c>, a type containing itself); in the document that is its component.</summary>
    static void RebaseSelfReferences(JsonNode? node, string componentPointer)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue value && value.TryGetValue<string>(out var pointer) && pointer.StartsWith('#') && !pointer.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
                {
                    obj["$ref"] = componentPointer + pointer[1..];
                }

                foreach (var (_, child) in obj.ToArray())
                {
                    RebaseSelfReferences(child, componentPointer);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RebaseSelfReferences(child, componentPointer);
                }

                break;
        }
    }

    static bool IsComponent(JsonTypeInfo info) => info.Kind == JsonTypeInfoKind.Object && info.Type != typeof(object) && !info.Type.IsPrimitive;

    static string NameOf(Type type) => type.IsGenericType
        ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(NameOf))
        : type.Name;

    /// <summary>RFC 9457 problem details as every app writes them; extension members (errors, the current cart, ...) are allowed.</summary>
    static JsonObject ProblemDetails() => new()
    {
        ["type"] = "object",
        ["description"] = "RFC 9457 problem details. Switch on `type`, a stable URI under " + Problems.TypeBase + ".",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer", ["minimum"] = 400, ["maximum"] = 599 },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["instance"] = new JsonObject { ["type"] = "string" },
            ["traceId"] = new JsonObject { ["type"] = "string" },
            ["errors"] = new JsonObject
            {
                ["description"] = "Validation problems: each invalid field with its messages.",
                ["type"] = "object",
                ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            },
        },
        ["required"] = OpenApiJson.Array(["type", "title", "status"]),
    };
}
