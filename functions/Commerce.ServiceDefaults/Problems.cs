using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Commerce.ServiceDefaults;

/// <summary>
/// RFC 9457 problem details with stable <c>type</c> URIs. Every client error of the platform leaves through here,
/// so the storefront can switch on <c>type</c> rather than parse titles.
/// </summary>
public static class Problems
{
    public const string TypeBase = "https://commerce-functions.dev/problems/";
    public const string ContentType = "application/problem+json";

    public static ObjectResult Result(int status, string type, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Type = TypeBase + type, Title = title, Detail = detail };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        var result = new ObjectResult(problem) { StatusCode = status };
        result.ContentTypes.Add(ContentType);
        return result;
    }

    public static ObjectResult Validation(IDictionary<string, string[]> errors, string? detail = null)
    {
        var problem = new ValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Type = TypeBase + "validation",
            Title = "The request is not valid.",
            Detail = detail,
        };
        var result = new ObjectResult(problem) { StatusCode = problem.Status };
        result.ContentTypes.Add(ContentType);
        return result;
    }

    public static ObjectResult BadRequest(string type, string title, string? detail = null) => Result(StatusCodes.Status400BadRequest, type, title, detail);

    /// <summary>422: the request is well formed but breaks a rule no schema can express; <paramref name="type"/> names the rule (malformed input is a 400 <see cref="Validation"/>).</summary>
    public static ObjectResult Unprocessable(string type, string title, string? detail = null) => Result(StatusCodes.Status422UnprocessableEntity, type, title, detail);

    public static ObjectResult NotFound(string type, string title, string? detail = null) => Result(StatusCodes.Status404NotFound, type, title, detail);

    /// <summary>503 with <c>Retry-After</c> (<see cref="TransientFailures.RetryAfterSeconds"/>).</summary>
    public static ServiceUnavailableResult ServiceUnavailable(string title, string? detail = null) => new(title, detail);
}
