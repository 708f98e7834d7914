using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Microsoft.Azure.Functions.Worker;

namespace Commerce.DevHost.Functions;

/// <summary>Binds a queue message to a queue-triggered function's parameters as the worker does, whichever queue it came from.</summary>
public static class QueueTriggerBinding
{
    /// <summary>The queue-triggered functions a listener serves, recorded as wired; none when <paramref name="active"/> is false (the other backend's listener serves them).</summary>
    public static FunctionDescriptor[] Wire(FunctionCatalog catalog, TriggerWiring wiring, bool active)
    {
        var functions = active ? catalog.OfKind(TriggerKind.Queue).ToArray() : [];
        foreach (var function in functions)
        {
            wiring.Record(function.Name, function.Kind);
        }

        return functions;
    }

    public static object?[] Arguments(FunctionDescriptor function, QueueMessage message, IServiceProvider services, CancellationToken cancellationToken)
        => function.Parameters.Select(parameter => function.IsTrigger(parameter)
                ? Convert(message, parameter.ParameterType)
                : parameter.ParameterType == typeof(CancellationToken) ? cancellationToken
                : parameter.ParameterType == typeof(DurableTaskClient) && parameter.IsDefined(typeof(DurableClientAttribute)) ? services.GetRequiredService<DurableTaskClient>()
                : throw new InvalidOperationException($"Queue function {function.Name}: the dev host cannot bind parameter '{parameter.Name}'."))
            .ToArray();

    static object? Convert(QueueMessage message, Type type)
    {
        if (type == typeof(string))
        {
            return message.MessageText;
        }

        if (type == typeof(BinaryData))
        {
            return message.Body;
        }

        if (type == typeof(QueueMessage))
        {
            return message;
        }

        return JsonSerializer.Deserialize(message.MessageText, type, CommerceJson.Options);
    }
}
