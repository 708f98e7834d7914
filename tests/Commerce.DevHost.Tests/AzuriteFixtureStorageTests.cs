using Azure.Storage.Queues;
using Commerce.Testing;

namespace Commerce.DevHost.Tests;

/// <summary>
/// The Azurite that tests and benchmarks start (<see cref="AzuriteFixture"/>) stores as the dev host's own Azurite does
/// (<c>AzuriteLauncher</c>: <c>--location</c>): in files of its scratch folder, not in memory. Azurite's in-memory
/// store keeps each queue message's body as an extent of its own and drops the unreferenced ones in a sweep every minute
/// that re-sorts the whole extent index per extent dropped, so under the checkout benchmark's load the sweep grows with
/// the square of the messages sent and stalls every request for seconds; the file store appends bodies to a few files.
/// </summary>
public sealed class AzuriteFixtureStorageTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Queue_messages_sent_to_the_fixtures_Azurite_are_kept_in_files_of_its_scratch_folder()
    {
        var azurite = new AzuriteFixture();
        try
        {
            await azurite.InitializeAsync();
            var queue = new QueueClient(azurite.ConnectionString, "probe");
            await queue.CreateAsync(cancellationToken: Cancel);
            await queue.SendMessageAsync("a message body", Cancel);

            await Eventually.UntilAsync(
                () => Directory.EnumerateFiles(azurite.DataPath, "*", SearchOption.AllDirectories)
                    .Any(file => file.Contains("__queuestorage__", StringComparison.Ordinal) && new FileInfo(file).Length > 0),
                TimeSpan.FromSeconds(15),
                cancellationToken: Cancel);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }
}
