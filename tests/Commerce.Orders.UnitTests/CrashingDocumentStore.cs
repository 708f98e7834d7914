using Commerce.Documents;
using Commerce.Testing;

namespace Commerce.Orders.UnitTests;

/// <summary>A process that dies mid-operation, simulated: every write after the first <see cref="WritesBeforeCrash"/> throws without being applied.</summary>
sealed class CrashingDocumentStore(IDocumentStore inner) : FaultInjectingDocumentStore(inner)
{
    int writes;

    /// <summary>How many more writes succeed; null never crashes.</summary>
    public int? WritesBeforeCrash { get; set; }

    public int Writes => Volatile.Read(ref writes);

    protected override Exception? FaultFor(DocumentCall call)
    {
        if (!call.IsWrite)
        {
            return null;
        }

        if (WritesBeforeCrash is { } budget && Volatile.Read(ref writes) >= budget)
        {
            return new SimulatedCrashException();
        }

        Interlocked.Increment(ref writes);
        return null;
    }
}

sealed class SimulatedCrashException() : Exception("Simulated crash between two writes.");
