using System.Text.Json.Nodes;

namespace Commerce.ServiceDefaults.OpenApi;

/// <summary>Small JSON helpers for writing the document.</summary>
internal static class OpenApiJson
{
    public static void SetIf(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    public static void SetIf(JsonObject target, string name, double? value)
    {
        if (value is { } number)
        {
            target[name] = number == Math.Floor(number) && Math.Abs(number) < long.MaxValue ? JsonValue.Create((long)number) : JsonValue.Create(number);
        }
    }

    public static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}

/// <summary>The platform's well-known headers, described once.</summary>
internal static class OpenApiHeaders
{
    /// <summary>Base64url of 32 random bytes, as minted for cart and order tokens.</summary>
    const string TokenPattern = "^[A-Za-z0-9_-]{43}$";

    public static (string Name, JsonObject Schema, string Description) Request(OpenApiHeader header) => header switch
    {
        OpenApiHeader.CartToken => ("X-Cart-Token", Token(), "The guest cart's token, from its creation (stored hashed)."),
        OpenApiHeader.OrderToken => ("Order-Token", Token(), "The order's access token, from its checkout (stored hashed)."),
        OpenApiHeader.IfMatch => ("If-Match", new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 256 }, "The entity tag (ETag) of the version the change is based on."),
        OpenApiHeader.IfNoneMatch => ("If-None-Match", new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 1024 }, "Entity tags the client holds (or *): 304 when one is current."),
        OpenApiHeader.IdempotencyKey => ("Idempotency-Key", new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 255, ["pattern"] = "\\S" }, "Names one logical request: a retry with the same key and body gets the first answer."),
        OpenApiHeader.SessionId => ("X-Session-Id", new JsonObject { ["type"] = "string" }, "The storefront session of a shopper who is not signed in: a running price experiment shows this session its variant's prices (a signed-in customer is known by the bearer token). Only a value of 1 to 64 characters without spaces or control characters names a session; any other value is ignored (the usual prices), never refused, since the header only chooses an experiment's variant."),
        _ => throw new ArgumentOutOfRangeException(nameof(header), header, null),
    };

    public static JsonObject Response(string name)
    {
        var description = name switch
        {
            "ETag" => "The entity tag of the returned version: send it in If-Match to change it, in If-None-Match to revalidate.",
            "Location" => "Where the created or accepted resource is read.",
            "Cache-Control" => "How long shared caches may keep the answer.",
            "Retry-After" => "Seconds to wait before retrying.",
            "Allow" => "The methods the path answers.",
            "Vary" => "The request headers the answer depends on (Authorization, X-Session-Id: a price experiment shows each shopper their variant's prices).",
            "WWW-Authenticate" => "The authentication scheme expected (Bearer).",
            "X-Recommendations-Answered-By" => "Which part answered: model, co-occurrence or trending (a fallback is never silent).",
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a response header the document knows."),
        };
        var schema = name == "Retry-After" ? new JsonObject { ["type"] = "integer", ["minimum"] = 0 } : new JsonObject { ["type"] = "string" };
        return new JsonObject { ["description"] = description, ["schema"] = schema };
    }

    static JsonObject Token() => new() { ["type"] = "string", ["pattern"] = TokenPattern };
}

/// <summary>The document's security schemes and the requirement object of each caller.</summary>
internal static class OpenApiSecuritySchemes
{
    /// <summary>The admin app role a staff bearer token carries (the default of <c>Auth:AdminRole</c>).</summary>
    public const string StaffRole = "Commerce.Admin";

    public static JsonObject Schemes() => new()
    {
        ["bearer"] = new JsonObject
        {
            ["type"] = "http",
            ["scheme"] = "bearer",
            ["bearerFormat"] = "JWT",
            ["description"] = $"A customer's token from the OpenID issuer (subject = customer id); staff tokens carry the {StaffRole} app role.",
        },
        ["cartToken"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Cart-Token", ["description"] = "A guest cart's token, returned once when the cart is created." },
        ["orderToken"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "Order-Token", ["description"] = "An order's access token, returned by checkout." },
        ["functionKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key", ["description"] = "A function key (also accepted as ?code=). Locally, the dev host's admin key also stands in for staff." },
        ["paymentSignature"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "Stripe-Signature", ["description"] = "The payment provider's timestamped webhook signature." },
    };

    public static JsonObject Requirement(OpenApiCaller caller) => caller switch
    {
        OpenApiCaller.Anyone => [],
        OpenApiCaller.Customer => new JsonObject { ["bearer"] = new JsonArray() },
        OpenApiCaller.CartHolder => new JsonObject { ["cartToken"] = new JsonArray() },
        OpenApiCaller.OrderHolder => new JsonObject { ["orderToken"] = new JsonArray() },
        OpenApiCaller.Staff => new JsonObject { ["bearer"] = OpenApiJson.Array([StaffRole]) },
        OpenApiCaller.FunctionKey => new JsonObject { ["functionKey"] = new JsonArray() },
        OpenApiCaller.PaymentProvider => new JsonObject { ["paymentSignature"] = new JsonArray() },
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };
}
