using Azure;
using Commerce.Primitives;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Commerce.ServiceDefaults;

/// <summary>
/// The one classification of transient dependency failures, and what a client gets when one outlives the retries:
/// 503 problem details (type <c>unavailable</c>) with a <c>Retry-After</c> header, never a 500.
/// </summary>
public static class TransientFailures
{
    /// <summary>Seconds a client is asked to wait before retrying.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>True when <paramref name="exception"/> (or an exception it wraps) is a transient dependency failure, an Azure SDK's throttling or outage included.</summary>
    public static bool IsTransient(Exception? exception)
        => TransientFailure.IsTransient(exception, static e => e is RequestFailedException { Status: 0 or 408 or 429 or >= 500 });

    /// <summary>A 503 problem details result with <c>Retry-After</c> (usable as an MVC or a minimal API result).</summary>
    public static ServiceUnavailableResult Unavailable(string? detail = null)
        => Problems.ServiceUnavailable("A service this request depends on is temporarily unavailable.", detail ?? $"Retry after {RetryAfterSeconds} seconds.");
}

/// <summary>503 problem details (type <c>unavailable</c>) that also sets <c>Retry-After</c>; an MVC result and a minimal API result.</summary>
public sealed class ServiceUnavailableResult : ObjectResult, IResult
{
    public ServiceUnavailableResult(string title, string? detail)
        : base(new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Type = Problems.TypeBase + "unavailable", Title = title, Detail = detail })
    {
        StatusCode = StatusCodes.Status503ServiceUnavailable;
        ContentTypes.Add(Problems.ContentType);
    }

    public override Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SetRetryAfter(context.HttpContext);
        return base.ExecuteResultAsync(context);
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        SetRetryAfter(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return httpContext.Response.WriteAsJsonAsync((ProblemDetails)Value!, CommerceJson.Options, Problems.ContentType, httpContext.RequestAborted);
    }

    static void SetRetryAfter(HttpContext httpContext)
        => httpContext.Response.Headers.RetryAfter = TransientFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>ASP.NET Core (the dev host's <c>UseExceptionHandler</c>): a transient failure that escaped a handler becomes 503 + Retry-After.</summary>
public sealed partial class TransientFailureExceptionHandler(ILogger<TransientFailureExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!TransientFailures.IsTransient(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(logger, exception, httpContext.Request.Path);
        await TransientFailures.Unavailable().ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Path} failed on a transient dependency failure; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string path);
}
