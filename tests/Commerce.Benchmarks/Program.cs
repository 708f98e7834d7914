using BenchmarkDotNet.Running;
using Commerce.Benchmarks.Durable;

if (args is ["durable", .. var durableArgs])
{
    return await DurableThroughputCommand.RunAsync(durableArgs);
}

if (args is [var catalogCommand, .. var catalogArgs] && Commerce.Benchmarks.Catalog.CatalogCommands.TryGet(catalogCommand) is { } run)
{
    return await run(catalogArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(DurableThroughputCommand).Assembly).Run(args);
return 0;
