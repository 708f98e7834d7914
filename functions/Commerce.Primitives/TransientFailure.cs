using System.Net.Sockets;

namespace Commerce.Primitives;

/// <summary>Marks an exception as a dependency failing for a transient reason (throttled, unreachable, timed out): retrying later may succeed.</summary>
public interface ITransientFailure;

/// <summary>The classification of transient failures the BCL can see; hosts add their SDKs' failures (see ServiceDefaults' <c>TransientFailures</c>).</summary>
public static class TransientFailure
{
    /// <summary>
    /// True when <paramref name="exception"/>, or an exception it wraps, is marked <see cref="ITransientFailure"/>, is a
    /// timeout or a network failure, or is one <paramref name="alsoTransient"/> recognizes.
    /// </summary>
    public static bool IsTransient(Exception? exception, Func<Exception, bool>? alsoTransient = null)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++)
        {
            if (exception is ITransientFailure or TimeoutException or HttpRequestException or SocketException || alsoTransient?.Invoke(exception) == true)
            {
                return true;
            }

            exception = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception.InnerException;
        }

        return false;
    }
}
