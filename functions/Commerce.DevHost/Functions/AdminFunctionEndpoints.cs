using System.Text.Json.Nodes;
using Commerce.ServiceDefaults;

namespace Commerce.DevHost.Functions;

/// <summary>
/// <c>POST /admin/functions/{name}</c>, the Functions host's way to run a non-HTTP function on demand: a timer function
/// runs now; a queue function gets the body's <c>input</c> as its message. Needs the admin key (else 404); answers 202.
/// </summary>
public static class AdminFunctionEndpoints
{
    /// <summary>Largest body: one queue message (the Storage queue limit is 64 KiB).</summary>
    const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapAdminFunctions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/admin/functions/{name}", InvokeAsync).ExcludeFromDescription();
        return endpoints;
    }

    static async Task<IResult> InvokeAsync(string name, HttpContext context, FunctionCatalog catalog, TimerFunctions timers, IDevHostQueues queues, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        if (!HttpFunctionEndpoints.HasValidKey(context))
        {
            return Problem(StatusCodes.Status404NotFound, "not-found", "Not found.");
        }

        var function = catalog.Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        switch (function?.Kind)
        {
            case TriggerKind.Timer:
                var logger = loggers.CreateLogger(typeof(AdminFunctionEndpoints));
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await timers.RunAsync(function, lifetime.ApplicationStopping);
                    }
                    catch (Exception ex) when (!lifetime.ApplicationStopping.IsCancellationRequested)
                    {
                        logger.LogError(ex, "On-demand run of {Function} failed", function.Name);
                    }
                });
                return Results.Accepted();
            case TriggerKind.Queue:
                var (body, problem) = await RequestBodies.ReadJsonAsync<JsonObject>(context.Request, MaxBodyBytes, context.RequestAborted);
                if (problem is { Status: not StatusCodes.Status400BadRequest })
                {
                    return problem.ToHttpResult();
                }

                var input = body?["input"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
                if (input is null)
                {
                    return Problem(StatusCodes.Status400BadRequest, "validation", "The body must be {\"input\": \"<message>\"}.");
                }

                await queues.SendAsync(function.QueueName!, input, context.RequestAborted);
                return Results.Accepted();
            default:
                return Problem(StatusCodes.Status404NotFound, "not-found", $"No timer or queue function named '{name}'.");
        }
    }

    static IResult Problem(int status, string type, string title)
        => Results.Problem(statusCode: status, type: Problems.TypeBase + type, title: title);
}
