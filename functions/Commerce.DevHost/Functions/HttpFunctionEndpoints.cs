using System.Reflection;
using Commerce.ServiceDefaults;
using Commerce.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Commerce.DevHost.Functions;

/// <summary>Endpoint metadata naming the function an endpoint serves (the drift test and the OpenAPI document read it).</summary>
public sealed record FunctionEndpointMetadata(FunctionDescriptor Function);

/// <summary>
/// Serves every HTTP-triggered function at its route under <c>/api</c>, binding parameters the way the worker's
/// ASP.NET Core integration does, enforcing function keys (a missing or wrong key is 404, see <see cref="NotFoundWithoutKey"/>), and executing the
/// <see cref="IActionResult"/> or <see cref="IResult"/> the method returns.
/// </summary>
public static class HttpFunctionEndpoints
{
    public const string RoutePrefix = "api";

    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog)
    {
        var documents = new List<FunctionDescriptor>();
        foreach (var function in catalog.OfKind(TriggerKind.Http))
        {
            if (function.Route == ServedOpenApiDocument.Route)
            {
                documents.Add(function);
                continue;
            }

            var handler = CreateHandler(function);
            endpoints.MapMethods($"/{RoutePrefix}/{function.Route}", function.HttpMethods, handler)
                .WithMetadata(new FunctionEndpointMetadata(function))
                .WithDisplayName($"{function.App}:{function.Name}");
        }

        if (documents.Count > 0)
        {
            // Every app serves its own document at the same route; on one hostname (the edge, this host) it is their merge.
            var merged = endpoints.ServiceProvider.GetRequiredService<ServedOpenApiDocument>();
            endpoints.MapGet($"/{RoutePrefix}/{ServedOpenApiDocument.Route}", (HttpRequest request) => merged.RespondHttp(request))
                .WithMetadata([.. documents.Select(f => new FunctionEndpointMetadata(f))])
                .WithDisplayName(string.Join(',', documents.Select(f => $"{f.App}:{f.Name}")));
        }

        return endpoints;
    }

    static RequestDelegate CreateHandler(FunctionDescriptor function)
    {
        var invoker = FunctionInvoker.For(function.Method);
        if (!typeof(IActionResult).IsAssignableFrom(invoker.ResultType) && !typeof(IResult).IsAssignableFrom(invoker.ResultType))
        {
            throw new InvalidOperationException($"HTTP function {function.Name} returns {invoker.ResultType.Name}; the dev host serves IActionResult or IResult.");
        }

        var binders = function.Parameters.Select(p => CreateBinder(function, p)).ToArray();
        var requiresKey = function.AuthLevel is AuthorizationLevel.Function or AuthorizationLevel.Admin;

        return async context =>
        {
            if (requiresKey && !HasValidKey(context))
            {
                await ExecuteAsync(context, NotFoundWithoutKey());
                return;
            }

            var arguments = new object?[binders.Length];
            for (var i = 0; i < binders.Length; i++)
            {
                arguments[i] = binders[i](context);
            }

            var result = await invoker.InvokeAsync(context.RequestServices, arguments);
            await ExecuteAsync(context, result);
        };
    }

    /// <summary>
    /// What a keyed route answers a caller without a valid key: 404 problem details, the same as a route that does not
    /// exist, so the admin surface does not reveal itself (the Functions host itself answers 401).
    /// </summary>
    public static ObjectResult NotFoundWithoutKey() => Problems.NotFound("not-found", "Not found.");

    /// <summary>True when the request carries the dev host's admin key as a function key (header or <c>code</c> query).</summary>
    public static bool HasValidKey(HttpContext context)
    {
        var expected = context.RequestServices.GetRequiredService<IOptions<DevHostOptions>>().Value.AdminKey;
        var given = context.Request.Headers["x-functions-key"].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault();
        return DevHostAdminKeys.Matches(given, expected);
    }

    static Task ExecuteAsync(HttpContext context, object? result) => result switch
    {
        IActionResult action => action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor())),
        IResult minimal => minimal.ExecuteAsync(context),
        _ => Task.CompletedTask,
    };

    static Func<HttpContext, object?> CreateBinder(FunctionDescriptor function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return static context => context.Request;
        }

        if (type == typeof(CancellationToken))
        {
            return static context => context.RequestAborted;
        }

        if (type == typeof(DurableTaskClient) && parameter.IsDefined(typeof(DurableClientAttribute)))
        {
            return static context => context.RequestServices.GetRequiredService<DurableTaskClient>();
        }

        var name = parameter.Name!;
        if (function.Route!.Contains('{' + name, StringComparison.OrdinalIgnoreCase) && RouteValueConverter.CanConvert(type))
        {
            return context => RouteValueConverter.Convert(context.Request.RouteValues[name], type);
        }

        throw new InvalidOperationException(
            $"HTTP function {function.Name}: the dev host cannot bind parameter '{name}' of type {type.Name}. " +
            "Supported: HttpRequest, CancellationToken, [DurableClient] DurableTaskClient and route values.");
    }
}
