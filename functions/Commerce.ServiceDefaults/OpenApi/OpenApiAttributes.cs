namespace Commerce.ServiceDefaults.OpenApi;

/// <summary>
/// What a function declares about itself next to its trigger, applied in turn to each of its operations (one per HTTP
/// method) by <see cref="OpenApiDocumentBuilder"/>. Apps may write their own (a set of problems every cart change
/// answers, say) so a shared description is written once.
/// </summary>
public interface IOpenApiConvention
{
    void Apply(OpenApiOperationContext operation);
}

/// <summary>The operation: a unique id, a summary and its tag (the app). With <see cref="Method"/>, for that method only.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiOperationAttribute(string operationId, string summary) : Attribute, IOpenApiConvention
{
    public string OperationId { get; } = operationId;

    public string Summary { get; } = summary;

    /// <summary>The HTTP method this id names, when the trigger takes several (each needs its own id).</summary>
    public string? Method { get; init; }

    public string? Description { get; init; }

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (Method is null || string.Equals(Method, operation.Method, StringComparison.OrdinalIgnoreCase))
        {
            operation.Describe(OperationId, Summary, Description);
        }
    }
}

/// <summary>Where a parameter is sent.</summary>
public enum OpenApiIn
{
    Query,
    Path,
    Header,
}

/// <summary>
/// A query, path or header parameter with its JSON type and bounds (leave a bound at its default for none). Path
/// parameters are read from the route; declare one only to narrow it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiParameterAttribute(string name, OpenApiIn location = OpenApiIn.Query) : Attribute, IOpenApiConvention
{
    public string Name { get; } = name;

    public OpenApiIn In { get; } = location;

    /// <summary>"string", "integer", "number" or "boolean".</summary>
    public string Type { get; init; } = "string";

    public string? Format { get; init; }

    public string? Description { get; init; }

    public bool Required { get; init; }

    public double Minimum { get; init; } = double.NaN;

    public double Maximum { get; init; } = double.NaN;

    public int MinLength { get; init; } = -1;

    public int MaxLength { get; init; } = -1;

    public string? Pattern { get; init; }

    /// <summary>Allowed values, when only a few are.</summary>
    public string[]? Enum { get; init; }

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var schema = new System.Text.Json.Nodes.JsonObject { ["type"] = Type };
        OpenApiJson.SetIf(schema, "format", Format);
        OpenApiJson.SetIf(schema, "minimum", double.IsNaN(Minimum) ? null : Minimum);
        OpenApiJson.SetIf(schema, "maximum", double.IsNaN(Maximum) ? null : Maximum);
        OpenApiJson.SetIf(schema, "minLength", MinLength < 0 ? null : MinLength);
        OpenApiJson.SetIf(schema, "maxLength", MaxLength < 0 ? null : MaxLength);
        OpenApiJson.SetIf(schema, "pattern", Pattern);
        if (Enum is not null)
        {
            schema["enum"] = OpenApiJson.Array(Enum);
        }

        operation.AddParameter(Name, In, schema, Required || In == OpenApiIn.Path, Description);
    }
}

/// <summary>The well-known request headers of the platform, each with its one description.</summary>
public enum OpenApiHeader
{
    /// <summary><c>X-Cart-Token</c>: a guest cart's token (base64url, 43 characters).</summary>
    CartToken,

    /// <summary><c>Order-Token</c>: an order's access token from its checkout (base64url, 43 characters).</summary>
    OrderToken,

    /// <summary><c>If-Match</c>: the entity tag the change is based on.</summary>
    IfMatch,

    /// <summary><c>If-None-Match</c>: the entity tag the client holds (answered 304 when current).</summary>
    IfNoneMatch,

    /// <summary><c>Idempotency-Key</c>: 1 to 255 characters naming one logical request.</summary>
    IdempotencyKey,

    /// <summary><c>X-Session-Id</c>: the storefront session of a shopper who is not signed in (price experiments assign by it).</summary>
    SessionId,
}

/// <summary>A well-known request header (<see cref="OpenApiHeader"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiHeaderAttribute(OpenApiHeader header) : Attribute, IOpenApiConvention
{
    public OpenApiHeader Header { get; } = header;

    public bool Required { get; init; }

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var (name, schema, description) = OpenApiHeaders.Request(Header);
        operation.AddParameter(name, OpenApiIn.Header, schema, Required, description);
    }
}

/// <summary>The request body: JSON of <see cref="Type"/> (or raw bytes in <see cref="ContentTypes"/> when it is null), at most <see cref="MaxBytes"/>.</summary>
/// <remarks>Also declares what reading it can answer (see <see cref="RequestBodies"/>): 413, 415 and 400 <c>malformed-json</c>.</remarks>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiRequestBodyAttribute(Type? type, int maxBytes) : Attribute, IOpenApiConvention
{
    public Type? Type { get; } = type;

    public int MaxBytes { get; } = maxBytes;

    public bool Required { get; init; } = true;

    /// <summary>Media types accepted; JSON by default.</summary>
    public string[] ContentTypes { get; init; } = ["application/json"];

    public string? Description { get; init; }

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.SetRequestBody(Type, ContentTypes, Required, Description ?? $"At most {MaxBytes} bytes, UTF-8.");
        operation.AddProblem(413, RequestBodies.TooLargeType);
        operation.AddProblem(415, RequestBodies.UnsupportedCharsetType);
        if (Type is not null)
        {
            operation.AddProblem(400, RequestBodies.MalformedJsonType);
        }
    }
}

/// <summary>A success (or other non-problem) answer: its status, body type (none when null) and headers.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiResponseAttribute(int status, Type? type = null) : Attribute, IOpenApiConvention
{
    public int Status { get; } = status;

    public Type? Type { get; } = type;

    public string? Description { get; init; }

    /// <summary>The body's media type (JSON by default).</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>Response headers sent with it: ETag, Location, Cache-Control, WWW-Authenticate, Retry-After.</summary>
    public string[] Headers { get; init; } = [];

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.AddResponse(Status, Type, ContentType, Description, Headers);
    }
}

/// <summary>
/// An RFC 9457 problem answer (<c>application/problem+json</c>, the shared <c>ProblemDetails</c> schema) with the
/// <c>type</c> values it may carry, relative to <see cref="Problems.TypeBase"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiProblemAttribute(int status, params string[] types) : Attribute, IOpenApiConvention
{
    public int Status { get; } = status;

    public IReadOnlyList<string> Types { get; } = types;

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        foreach (var type in Types)
        {
            operation.AddProblem(Status, type);
        }
    }
}

/// <summary>Who may call, as security schemes of the document.</summary>
public enum OpenApiCaller
{
    /// <summary>Anyone, no credentials.</summary>
    Anyone,

    /// <summary>A signed-in customer: <c>Authorization: Bearer</c> (the customer's token).</summary>
    Customer,

    /// <summary>A guest cart's holder: <c>X-Cart-Token</c>.</summary>
    CartHolder,

    /// <summary>The buyer of an order: <c>Order-Token</c>.</summary>
    OrderHolder,

    /// <summary>Staff: a bearer token with the admin app role (locally also the dev host's key in <c>x-functions-key</c>).</summary>
    Staff,

    /// <summary>A function key (<c>x-functions-key</c> or <c>?code=</c>), checked by the Functions host.</summary>
    FunctionKey,

    /// <summary>The payment provider: its signature header (not a credential a client holds).</summary>
    PaymentProvider,
}

/// <summary>Who may call: each listed caller is one alternative of the operation's <c>security</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiSecurityAttribute(params OpenApiCaller[] callers) : Attribute, IOpenApiConvention
{
    public IReadOnlyList<OpenApiCaller> Callers { get; } = callers;

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        foreach (var caller in Callers)
        {
            operation.AddSecurity(caller);
        }
    }
}

/// <summary>
/// A link from an answer to the next operation (RFC: OpenAPI link object), e.g. a new cart to adding an item:
/// <c>Parameters</c> as <c>name=runtime expression</c> (<c>id=$response.body#/cartId</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiLinkAttribute(int status, string name, string operationId, params string[] parameters) : Attribute, IOpenApiConvention
{
    public int Status { get; } = status;

    public string Name { get; } = name;

    public string OperationId { get; } = operationId;

    public IReadOnlyList<string> Parameters { get; } = parameters;

    public string? Description { get; init; }

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.AddLink(Status, Name, OperationId, Parameters, Description);
    }
}

/// <summary>
/// A back-office route (<c>AdminAccess.RefuseUnlessStaffAsync</c>): a staff bearer token with the admin app role; anyone
/// else gets the 404 problem of a route that does not exist.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiStaffOnlyAttribute : Attribute, IOpenApiConvention
{
    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.AddSecurity(OpenApiCaller.Staff);
        operation.AddProblem(Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound, "not-found");
    }
}
