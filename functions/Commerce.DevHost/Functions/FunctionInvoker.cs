using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Commerce.DevHost.Functions;

/// <summary>
/// Calls a function method the way the worker does: an instance of its class from the container (constructor
/// injection, one per invocation), the bound arguments, and the awaited result.
/// </summary>
public sealed class FunctionInvoker
{
    readonly MethodInvoker invoker;
    readonly ObjectFactory? factory;
    readonly PropertyInfo? resultProperty;

    FunctionInvoker(MethodInfo method)
    {
        Method = method;
        invoker = MethodInvoker.Create(method);
        factory = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        var returnType = method.ReturnType;
        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            resultProperty = returnType.GetProperty(nameof(Task<int>.Result));
        }
    }

    static readonly ConcurrentDictionary<MethodInfo, FunctionInvoker> Cache = new();

    public static FunctionInvoker For(MethodInfo method) => Cache.GetOrAdd(method, static m => new FunctionInvoker(m));

    public MethodInfo Method { get; }

    /// <summary>The type the method's task or value produces (typeof(void) for none).</summary>
    public Type ResultType => resultProperty?.PropertyType
        ?? (Method.ReturnType == typeof(Task) || Method.ReturnType == typeof(ValueTask) ? typeof(void) : Method.ReturnType);

    public async Task<object?> InvokeAsync(IServiceProvider services, object?[] arguments)
    {
        var instance = factory?.Invoke(services, []);
        object? returned;
        try
        {
            returned = invoker.Invoke(instance, arguments.AsSpan());
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        try
        {
            switch (returned)
            {
                case Task task:
                    await task;
                    return resultProperty?.GetValue(task);
                case ValueTask valueTask:
                    await valueTask;
                    return null;
                default:
                    if (resultProperty is not null && returned is not null)
                    {
                        // ValueTask<T>: box through AsTask to await it.
                        var asTask = (Task)returned.GetType().GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!;
                        await asTask;
                        return asTask.GetType().GetProperty(nameof(Task<int>.Result))!.GetValue(asTask);
                    }

                    return returned;
            }
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
