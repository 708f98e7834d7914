using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Commerce.Testing;
using Xunit;

namespace Commerce.Documents.Tests;

/// <summary>Runs alone: its port thief would take the ports of any Azurite started beside it with ports named in advance.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AzuriteFixturePortCollection
{
    public const string Name = "Azurite fixture ports";
}

/// <summary>
/// The Azurite fixture against the port race that made <c>StorageQueueSenderTests</c> flaky: a port that is free when
/// the fixture looks can be taken by another program before the Azurite it starts binds it.
/// </summary>
[Collection(AzuriteFixturePortCollection.Name)]
public sealed class AzuriteFixturePortTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Azurite_answers_even_when_another_program_takes_every_port_named_on_its_command_line_before_it_binds(bool processPerService)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The port thief finds the fixture's Azurite through /proc.");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var thief = Task.Run(() => StealAzuritePortsAsync(stop.Token), TestContext.Current.CancellationToken);
        var azurite = new AzuriteFixture { ProcessPerService = processPerService };
        try
        {
            await azurite.InitializeAsync();
        }
        finally
        {
            await stop.CancelAsync();
            await azurite.DisposeAsync();
        }

        var stolen = await thief;
        Assert.DoesNotContain(azurite.BlobEndpoint.Port, stolen);
        Assert.DoesNotContain(azurite.QueueEndpoint.Port, stolen);
        Assert.DoesNotContain(azurite.TableEndpoint.Port, stolen);
    }

    [Fact]
    public async Task Two_fixtures_started_at_once_each_answer_on_their_own_ports()
    {
        var first = new AzuriteFixture();
        var second = new AzuriteFixture();
        try
        {
            await Task.WhenAll(first.InitializeAsync().AsTask(), second.InitializeAsync().AsTask());

            int[] ports = [first.BlobEndpoint.Port, first.QueueEndpoint.Port, first.TableEndpoint.Port, second.BlobEndpoint.Port, second.QueueEndpoint.Port, second.TableEndpoint.Port];
            Assert.Equal(ports.Length, ports.Distinct().Count());
            Assert.All(ports, p => Assert.True(p > 0));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    /// <summary>
    /// Until cancelled: binds (and holds) every port given as <c>--blobPort</c>, <c>--queuePort</c> or <c>--tablePort</c>
    /// to an Azurite this test process started, as soon as its command line shows. Returns the ports it took.
    /// </summary>
    static async Task<IReadOnlyList<int>> StealAzuritePortsAsync(CancellationToken stop)
    {
        var held = new Dictionary<int, TcpListener>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var port in PortsNamedByOurAzurites().Where(p => p > 0 && !held.ContainsKey(p)))
                {
                    var listener = new TcpListener(IPAddress.Loopback, port);
                    try
                    {
                        listener.Start();
                        held[port] = listener;
                    }
                    catch (SocketException)
                    {
                        listener.Dispose(); // Azurite was first.
                    }
                }

                await Task.Delay(2, CancellationToken.None);
            }

            return [.. held.Keys];
        }
        finally
        {
            foreach (var listener in held.Values)
            {
                listener.Dispose();
            }
        }
    }

    static IEnumerable<int> PortsNamedByOurAzurites()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            string[] stat, arguments;
            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after its closing parenthesis.
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                stat = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (stat.Length < 2 || stat[1] != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
                {
                    continue;
                }

                arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // Not a process, or it is gone.
            }

            // azurite.js serves all three services; blob/main.js, queue/main.js and table/main.js one each.
            if (!arguments.Any(a => a.Contains("azurite/dist/src/", StringComparison.Ordinal)))
            {
                continue;
            }

            for (var i = 0; i + 1 < arguments.Length; i++)
            {
                if (arguments[i] is "--blobPort" or "--queuePort" or "--tablePort" && int.TryParse(arguments[i + 1], CultureInfo.InvariantCulture, out var port))
                {
                    yield return port;
                }
            }
        }
    }
}
