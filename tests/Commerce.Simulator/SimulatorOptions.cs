using System.Globalization;
using Commerce.Orders.Domain;
using Commerce.Testing;

namespace Commerce.Simulator;

/// <summary>
/// Command line: <c>[--base-url URL] [--duration 30s] [--shoppers 50] [--seed 1] [--out DIR] [--admin-key KEY]
/// [--skus 24] [--stock 8] [--products 300] [--webhook-secret S] [--drain 30s]
/// [--storage-connection-string CS | --storage-queue-uri URI] [--chaos] [--documents sqlite|cosmos]</c>. Without a base URL the
/// simulator starts a fresh dev host (its documents in SQLite, or with <c>--documents cosmos</c> on a Cosmos DB server
/// from <c>tests/node_modules</c> it starts too); warehouses then use its admin API, and a deployed app's Storage queues
/// when a storage option names them.
/// </summary>
public sealed record SimulatorOptions
{
    public Uri? BaseUrl { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public int Shoppers { get; init; } = 50;

    public int Seed { get; init; } = 1;

    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "simulator");

    public string AdminKey { get; init; } = "local-admin-key";

    /// <summary>How many SKUs the warehouses stock (shoppers buy only these).</summary>
    public int Skus { get; init; } = 24;

    /// <summary>Most units of a SKU a warehouse starts with (0 to this many): scarce, so checkouts compete for stock.</summary>
    public int StockPerWarehouse { get; init; } = 8;

    /// <summary>Demo catalog size of the dev host the simulator starts.</summary>
    public int CatalogProducts { get; init; } = 300;

    /// <summary>The payment webhook secret of the dev host it drives (its appsettings' local value unless told otherwise).</summary>
    public string WebhookSecret { get; init; } = "local-payment-webhook-secret";

    /// <summary>After the shoppers stop, how long in-flight checkouts and shipments may take to settle.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(30);

    public string? StorageConnectionString { get; init; }

    public Uri? StorageQueueUri { get; init; }

    /// <summary>Adds the chaos shoppers (double submits, two tabs, promotion rushes, level drops, returns, cancels after fulfilment) to the ordinary ones.</summary>
    public bool Chaos { get; init; }

    /// <summary>How many chaos shoppers join the ordinary ones under <see cref="Chaos"/>.</summary>
    public int ChaosShoppers => Chaos ? Math.Max(ChaosShopper.Behaviours, Shoppers / 2) : 0;

    /// <summary>The chaos run's limited promotion codes are written into the dev host's store before it starts (a deployment has only its own codes).</summary>
    public bool SeedsChaosPromotions => Chaos && BaseUrl is null;

    /// <summary>The document store adapter of the dev host the simulator starts (ignored with <see cref="BaseUrl"/>).</summary>
    public DocumentProvider Documents { get; init; } = DocumentProvider.Sqlite;

    public bool UsesStorageQueues => StorageConnectionString is not null || StorageQueueUri is not null;

    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--chaos")
            {
                options = options with { Chaos = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--base-url" => options with { BaseUrl = new Uri(value) },
                "--duration" => options with { Duration = ParseDuration(value) },
                "--shoppers" => options with { Shoppers = Number(value) },
                "--seed" => options with { Seed = Number(value) },
                "--out" => options with { OutputDirectory = value },
                "--admin-key" => options with { AdminKey = value },
                "--skus" => options with { Skus = Number(value) },
                "--stock" => options with { StockPerWarehouse = Number(value) },
                "--products" => options with { CatalogProducts = Number(value) },
                "--webhook-secret" => options with { WebhookSecret = value },
                "--drain" => options with { Drain = ParseDuration(value) },
                "--storage-connection-string" => options with { StorageConnectionString = value },
                "--storage-queue-uri" => options with { StorageQueueUri = new Uri(value) },
                "--documents" => options with { Documents = Enum.TryParse<DocumentProvider>(value, ignoreCase: true, out var documents) && Enum.IsDefined(documents) && !char.IsAsciiDigit(value[0]) ? documents : throw new ArgumentException("--documents is sqlite or cosmos.") },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }

        return options.Shoppers > 0 && options.Duration > TimeSpan.Zero && options.Skus > 0 && options.StockPerWarehouse > 0
            ? options
            : throw new ArgumentException("--shoppers, --duration, --skus and --stock must be positive.");
    }

    static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    static TimeSpan ParseDuration(string text) => text[^1] switch
    {
        's' => TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        'm' => TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)),
    };
}
