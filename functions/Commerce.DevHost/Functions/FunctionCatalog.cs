using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Commerce.DevHost.Functions;

/// <summary>What kind of trigger starts a function.</summary>
public enum TriggerKind
{
    Http,
    Queue,
    Orchestration,
    Activity,
    Timer,
    Unsupported,
}

/// <summary>One function of one app, as found on its <see cref="FunctionAttribute"/> method.</summary>
public sealed record FunctionDescriptor(string App, string Name, TriggerKind Kind, MethodInfo Method, ParameterInfo Trigger)
{
    /// <summary>The method's parameters, read once: invocations bind from this instead of reflecting per call.</summary>
    public IReadOnlyList<ParameterInfo> Parameters { get; } = Method.GetParameters();

    /// <summary>
    /// Whether <paramref name="parameter"/> is the trigger. By position, never by reference: two threads reading a
    /// method's parameters for the first time at once can each get their own <see cref="ParameterInfo"/> objects.
    /// </summary>
    public bool IsTrigger(ParameterInfo parameter) => parameter?.Position == Trigger.Position;

    /// <summary>HTTP route (without the <c>api/</c> prefix), methods upper-cased, and authorization level.</summary>
    public string? Route => (Trigger.GetCustomAttribute<HttpTriggerAttribute>() is { } http) ? http.Route ?? Name : null;

    public IReadOnlyList<string> HttpMethods => Trigger.GetCustomAttribute<HttpTriggerAttribute>()?.Methods?.Select(m => m.ToUpperInvariant()).ToArray() ?? [];

    public AuthorizationLevel AuthLevel => Trigger.GetCustomAttribute<HttpTriggerAttribute>()?.AuthLevel ?? AuthorizationLevel.Anonymous;

    public string? QueueName => Trigger.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName;

    /// <summary>NCRONTAB schedule (six fields, seconds first) or a <c>%Setting%</c> naming one.</summary>
    public string? Schedule => Trigger.GetCustomAttribute<TimerTriggerAttribute>()?.Schedule;

    public string TriggerType => Trigger.GetCustomAttributes().FirstOrDefault(a => a.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal))?.GetType().Name ?? "none";
}

/// <summary>
/// Every function of the apps the dev host runs, found by reflection over the same attributes the worker SDK reads
/// to write <c>functions.metadata</c>. The drift test compares the two.
/// </summary>
public sealed class FunctionCatalog
{
    public FunctionCatalog(IReadOnlyDictionary<string, Assembly> apps)
    {
        Apps = apps;
        Functions = apps
            .SelectMany(app => Scan(app.Key, app.Value))
            .OrderBy(f => f.App, StringComparer.Ordinal)
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
    }

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    /// <summary>The apps, by name, with the assembly their functions live in.</summary>
    public IReadOnlyDictionary<string, Assembly> Apps { get; }

    public IEnumerable<FunctionDescriptor> OfKind(TriggerKind kind) => Functions.Where(f => f.Kind == kind);

    static IEnumerable<FunctionDescriptor> Scan(string app, Assembly assembly)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(flags))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                var (kind, trigger) = Classify(method);
                yield return new FunctionDescriptor(app, function.Name, kind, method, trigger);
            }
        }
    }

    static (TriggerKind Kind, ParameterInfo Trigger) Classify(MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.IsDefined(typeof(HttpTriggerAttribute)))
            {
                return (TriggerKind.Http, parameter);
            }

            if (parameter.IsDefined(typeof(QueueTriggerAttribute)))
            {
                return (TriggerKind.Queue, parameter);
            }

            if (parameter.IsDefined(typeof(OrchestrationTriggerAttribute)))
            {
                return (TriggerKind.Orchestration, parameter);
            }

            if (parameter.IsDefined(typeof(ActivityTriggerAttribute)))
            {
                return (TriggerKind.Activity, parameter);
            }

            if (parameter.IsDefined(typeof(TimerTriggerAttribute)))
            {
                return (TriggerKind.Timer, parameter);
            }

            if (parameter.GetCustomAttributes().Any(a => a.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal)))
            {
                return (TriggerKind.Unsupported, parameter);
            }
        }

        throw new InvalidOperationException($"Function method {method.DeclaringType?.Name}.{method.Name} has no trigger parameter.");
    }
}
