using BenchmarkDotNet.Running;
using Commerce.Benchmarks.Durable;

if (args is ["cart-load", .. var cartArgs])
{
    return await Commerce.Benchmarks.Cart.CartLoadCommand.RunAsync(cartArgs);
}

if (args is ["durable", .. var durableArgs])
{
    return await DurableThroughputCommand.RunAsync(durableArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(DurableThroughputCommand).Assembly).Run(args);
return 0;
