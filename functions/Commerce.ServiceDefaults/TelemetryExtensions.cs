using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Commerce.ServiceDefaults;

/// <summary>
/// OpenTelemetry for every process: traces, metrics and logs from the commerce sources, exported to
/// Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, to OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and to the console when <c>Telemetry:Console</c> is true.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Activity sources and meters of the commerce code start with this prefix.</summary>
    public const string SourcePrefix = "Commerce.";

    /// <summary>
    /// The Durable Task SDK's spans (<c>create_orchestration</c>, <c>orchestration:…</c>, <c>activity:…</c>). Listening to it is
    /// also what makes the client stamp the caller's trace context on a new orchestration: without a listener the saga
    /// starts a trace of its own. In Azure the Durable Functions host continues it (distributed tracing V2, host.json).
    /// </summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    /// <summary>The path prefix of the Durable Task gRPC calls between the worker, the client and the engine.</summary>
    public const string DurableTaskTransportPath = "/TaskHubSidecarService";

    /// <summary>
    /// True for a Durable Task gRPC transport call: left out of traces, because the SDK's own spans (<c>create_orchestration</c>,
    /// <c>orchestration:…</c>, <c>activity:…</c>) say what those calls do, and one saga makes dozens of them.
    /// </summary>
    public static bool IsDurableTaskTransport(string? path) => path?.StartsWith(DurableTaskTransportPath + "/", StringComparison.Ordinal) == true;

    /// <summary>For a function app: the worker's defaults (function invocation spans, trace context from the host) plus the exporters.</summary>
    public static IServiceCollection AddFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        AddCommerceTelemetry(services, configuration, serviceName).UseFunctionsWorkerDefaults();
        return services;
    }

    /// <summary>The exporters and commerce sources, without the worker defaults (the dev host adds ASP.NET Core instrumentation itself).</summary>
    public static OpenTelemetryBuilder AddCommerceTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing.AddSource(SourcePrefix + "*", DurableTaskSource)
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = request => !IsDurableTaskTransport(request.RequestUri?.AbsolutePath)))
            .WithMetrics(metrics => metrics.AddMeter(SourcePrefix + "*").AddHttpClientInstrumentation().AddRuntimeInstrumentationIfAvailable())
            .WithLogging();

        if (!string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            builder.UseAzureMonitorExporter();
        }

        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.UseOtlpExporter();
        }

        if (configuration.GetValue<bool>("Telemetry:Console"))
        {
            builder.WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter());
        }

        return builder;
    }

    static MeterProviderBuilder AddRuntimeInstrumentationIfAvailable(this MeterProviderBuilder metrics)
        => metrics.AddMeter("System.Runtime");
}
