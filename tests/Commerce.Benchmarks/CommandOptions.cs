using System.Globalization;

namespace Commerce.Benchmarks;

/// <summary>The commands' <c>--name value</c> options.</summary>
internal static class CommandOptions
{
    public static int Int(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, "--" + name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
