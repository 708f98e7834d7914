using BenchmarkDotNet.Running;
using Commerce.Benchmarks.Durable;

if (args is ["cart-load", .. var cartArgs])
{
    return await Commerce.Benchmarks.Cart.CartLoadCommand.RunAsync(cartArgs);
}

if (args is [("analytics-aggregation" or "analytics-e2e") and var analytics, .. var analyticsArgs])
{
    return await Commerce.Benchmarks.Analytics.AnalyticsCommands.RunAsync(analytics, analyticsArgs);
}

if (args is ["recommendations-serving", .. var recommendationsArgs])
{
    return await Commerce.Benchmarks.Recommendations.RecommendationsServingCommand.RunAsync(recommendationsArgs);
}

if (args is ["pricing-run", .. var pricingRunArgs])
{
    return await Commerce.Benchmarks.Pricing.PricingRunCommand.RunAsync(pricingRunArgs);
}

if (args is ["replenishment-run", .. var replenishmentRunArgs])
{
    return await Commerce.Benchmarks.Replenishment.ReplenishmentRunCommand.RunAsync(replenishmentRunArgs);
}

if (args is ["durable", .. var durableArgs])
{
    return await DurableThroughputCommand.RunAsync(durableArgs);
}

if (args is [var catalogCommand, .. var catalogArgs] && Commerce.Benchmarks.Catalog.CatalogCommands.TryGet(catalogCommand) is { } run)
{
    return await run(catalogArgs);
}

if (args is ["read-paths-bare", .. var bareArgs])
{
    return await Commerce.Benchmarks.ReadPaths.BareReadPathsCommand.RunAsync(bareArgs);
}

if (args is ["orders", .. var ordersArgs])
{
    return await Commerce.Benchmarks.Orders.OrdersCommand.RunAsync(ordersArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(DurableThroughputCommand).Assembly).Run(args);
return 0;
