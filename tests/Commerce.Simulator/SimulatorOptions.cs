using System.Globalization;

namespace Commerce.Simulator;

/// <summary>Command line: <c>[--base-url URL] [--duration 30s] [--shoppers 50] [--seed 1] [--out DIR] [--admin-key KEY]</c>.</summary>
public sealed record SimulatorOptions
{
    public Uri? BaseUrl { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public int Shoppers { get; init; } = 50;

    public int Seed { get; init; } = 1;

    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "simulator");

    public string AdminKey { get; init; } = "local-admin-key";

    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--base-url" => options with { BaseUrl = new Uri(value) },
                "--duration" => options with { Duration = ParseDuration(value) },
                "--shoppers" => options with { Shoppers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--out" => options with { OutputDirectory = value },
                "--admin-key" => options with { AdminKey = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
            i++;
        }

        return options.Shoppers > 0 && options.Duration > TimeSpan.Zero ? options : throw new ArgumentException("--shoppers and --duration must be positive.");
    }

    static TimeSpan ParseDuration(string text) => text[^1] switch
    {
        's' => TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        'm' => TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture)),
        _ => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)),
    };
}
