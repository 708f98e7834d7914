using Commerce.Contracts;

namespace Commerce.DevHost.Analytics;

/// <summary>Settings of the dev host's storefront events generator (section <c>DevHost:EventsGenerator</c>); off unless enabled.</summary>
public sealed class StorefrontEventsGeneratorOptions
{
    public const string Section = "DevHost:EventsGenerator";

    public bool Enabled { get; set; }

    /// <summary>Sessions started per second (each is ~4 events on average).</summary>
    [System.ComponentModel.DataAnnotations.Range(0.1, 10_000)]
    public double SessionsPerSecond { get; set; } = 2;

    /// <summary>Seed of the session generator: the same seed replays the same sessions.</summary>
    public int Seed { get; set; } = 42;
}

/// <summary>
/// Background service that publishes generated storefront sessions through <see cref="IClickstreamPublisher"/> (the
/// in-process stream here), so the analytics dashboard has life locally.
/// </summary>
public sealed partial class StorefrontEventsGenerator(IClickstreamPublisher publisher, IOptions<StorefrontEventsGeneratorOptions> options, TimeProvider clock, ILogger<StorefrontEventsGenerator> logger) : BackgroundService
{
    static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var generator = new StorefrontSessionGenerator(settings.Seed, "gen" + clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        LogStarted(settings.SessionsPerSecond, settings.Seed);
        using var timer = new PeriodicTimer(Tick, clock);
        var owed = 0.0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            owed += settings.SessionsPerSecond * Tick.TotalSeconds;
            var batch = new List<StorefrontEvent>();
            for (; owed >= 1; owed--)
            {
                batch.AddRange(generator.NextSession(clock.GetUtcNow().AddSeconds(-20)));
            }

            if (batch.Count > 0)
            {
                await publisher.PublishAsync(batch, stoppingToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Storefront events generator on: {SessionsPerSecond} sessions/s, seed {Seed}")]
    partial void LogStarted(double sessionsPerSecond, int seed);
}
