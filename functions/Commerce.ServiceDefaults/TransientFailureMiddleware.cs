using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Commerce.ServiceDefaults;

/// <summary>
/// Functions worker (ASP.NET Core integration): an HTTP-triggered function that fails on a transient dependency
/// failure answers 503 problem details with <c>Retry-After</c> rather than the host's 500. Other triggers rethrow, so
/// the host's own retries (queue dequeue count, durable retry policies) still apply.
/// </summary>
public sealed partial class TransientFailureMiddleware(ILogger<TransientFailureMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (TransientFailures.IsTransient(ex) && context.GetHttpContext() is { } http && !http.Response.HasStarted)
        {
            LogUnavailable(logger, ex, context.FunctionDefinition.Name);
            context.GetInvocationResult().Value = TransientFailures.Unavailable();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {Function} failed on a transient dependency failure; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string function);
}

public static class TransientFailureMiddlewareExtensions
{
    /// <summary>Adds <see cref="TransientFailureMiddleware"/> to a function app (after <c>ConfigureFunctionsWebApplication</c>).</summary>
    public static IFunctionsWorkerApplicationBuilder UseTransientFailureMapping(this IFunctionsWorkerApplicationBuilder builder)
        => builder.UseMiddleware<TransientFailureMiddleware>();
}
