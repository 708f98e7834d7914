
namespace Commerce.DevHost.Functions;

/// <summary>
/// Registers every orchestration- and activity-triggered function with the in-process Durable Task worker under its
/// function name, so the orchestrator code that deploys (function syntax) is exactly the code the dev host replays.
/// </summary>
public static class DurableFunctionTasks
{
    public static void Register(DurableTaskRegistry registry, FunctionCatalog catalog, TriggerWiring wiring)
    {
        foreach (var function in catalog.OfKind(TriggerKind.Orchestration))
        {
            if (!function.Method.IsStatic)
            {
                throw new InvalidOperationException($"Orchestrator {function.Name} must be a static method (orchestrators hold no injected state).");
            }

            var orchestrator = new FunctionOrchestrator(function);
            registry.AddOrchestrator(function.Name, () => orchestrator);
            wiring.Record(function.Name, function.Kind);
        }

        foreach (var function in catalog.OfKind(TriggerKind.Activity))
        {
            registry.AddActivity(function.Name, services => new FunctionActivity(function, services));
            wiring.Record(function.Name, function.Kind);
        }
    }

    sealed class FunctionOrchestrator : ITaskOrchestrator
    {
        readonly FunctionInvoker invoker;
        readonly bool takesInput;

        public FunctionOrchestrator(FunctionDescriptor function)
        {
            invoker = FunctionInvoker.For(function.Method);
            var parameters = function.Parameters;
            if (parameters.Count > 2 || !function.IsTrigger(parameters[0]))
            {
                throw new InvalidOperationException(
                    $"Orchestrator {function.Name} must take its TaskOrchestrationContext first and, optionally, its input as the second parameter.");
            }

            takesInput = parameters.Count == 2;
            InputType = takesInput ? parameters[1].ParameterType : typeof(object);
        }

        /// <summary>The input is bound to the orchestrator's second parameter (the binding DURABLE0009 recommends over GetInput).</summary>
        public Type InputType { get; }

        public Type OutputType => invoker.ResultType == typeof(void) ? typeof(object) : invoker.ResultType;

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
            => invoker.InvokeAsync(EmptyServices.Instance, takesInput ? [context, input] : [context]);
    }

    sealed class FunctionActivity(FunctionDescriptor function, IServiceProvider services) : ITaskActivity
    {
        readonly FunctionInvoker invoker = FunctionInvoker.For(function.Method);

        public Type InputType => function.Trigger.ParameterType;

        public Type OutputType => invoker.ResultType == typeof(void) ? typeof(object) : invoker.ResultType;

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var parameters = function.Parameters;
            var arguments = new object?[parameters.Count];
            for (var i = 0; i < parameters.Count; i++)
            {
                arguments[i] = function.IsTrigger(parameters[i]) ? input
                    : parameters[i].ParameterType == typeof(CancellationToken) ? CancellationToken.None
                    : throw new InvalidOperationException($"Activity {function.Name}: the dev host cannot bind parameter '{parameters[i].Name}'.");
            }

            return invoker.InvokeAsync(services, arguments);
        }
    }

    sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
