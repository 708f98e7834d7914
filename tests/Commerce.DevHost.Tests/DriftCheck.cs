namespace Commerce.DevHost.Tests;

/// <summary>The difference between what the apps declare and what the dev host serves, in both directions.</summary>
public sealed record DriftReport(IReadOnlyList<string> MissingFromDevHost, IReadOnlyList<string> ExtraInDevHost)
{
    public bool Clean => MissingFromDevHost.Count == 0 && ExtraInDevHost.Count == 0;

    public override string ToString()
        => $"missing from dev host: [{string.Join("; ", MissingFromDevHost)}]; extra in dev host: [{string.Join("; ", ExtraInDevHost)}]";

    public static DriftReport Compare(IEnumerable<string> declared, IEnumerable<string> served)
    {
        var d = declared.ToHashSet(StringComparer.Ordinal);
        var s = served.ToHashSet(StringComparer.Ordinal);
        return new DriftReport(
            d.Except(s).Order(StringComparer.Ordinal).ToArray(),
            s.Except(d).Order(StringComparer.Ordinal).ToArray());
    }
}
