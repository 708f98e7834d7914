using Commerce.Primitives;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>JSON defaults for request and response bodies, health checks and the transient-failure → 503 mapping of an ASP.NET Core host; safe to call once per app in one process.</summary>
    public static IServiceCollection AddCommerceDefaults(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddHealthChecks();
        services.AddProblemDetails();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, TransientFailureExceptionHandler>());
        services.Configure<JsonOptions>(options => CopyInto(options.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(options => CopyInto(options.JsonSerializerOptions));
        return services;
    }

    static void CopyInto(System.Text.Json.JsonSerializerOptions target)
    {
        var source = CommerceJson.Options;
        target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        target.PropertyNameCaseInsensitive = source.PropertyNameCaseInsensitive;
        target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        target.MaxDepth = source.MaxDepth;
        target.NumberHandling = source.NumberHandling;
        foreach (var converter in source.Converters)
        {
            if (!target.Converters.Any(existing => existing.GetType() == converter.GetType()))
            {
                target.Converters.Add(converter);
            }
        }
    }
}
