namespace Commerce.Benchmarks.Catalog;

/// <summary>The catalog's benchmark commands, by name.</summary>
public static class CatalogCommands
{
    public static Func<string[], Task<int>>? TryGet(string name) => name switch
    {
        "catalog-search" => SearchLatencyCommand.RunAsync,
        "catalog-bare" => BareJsonCommand.RunAsync,
        "catalog-experiment" => ExperimentPriceCommand.RunAsync,
        _ => null,
    };
}
