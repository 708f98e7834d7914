using BenchmarkDotNet.Running;
using Commerce.Benchmarks.Durable;

if (args is ["durable", .. var durableArgs])
{
    return await DurableThroughputCommand.RunAsync(durableArgs);
}

if (args is ["orders", .. var ordersArgs]) { return await Commerce.Benchmarks.Orders.OrdersCommand.RunAsync(ordersArgs); }

BenchmarkSwitcher.FromAssembly(typeof(DurableThroughputCommand).Assembly).Run(args);
return 0;
