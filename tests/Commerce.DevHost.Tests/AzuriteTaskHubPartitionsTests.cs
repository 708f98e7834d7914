using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Commerce.DevHost.Functions;
using Commerce.DevHost.Tests.SampleApp;
using Commerce.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.DevHost.Tests;

/// <summary>The Azurite backend's task hub takes its partition count from host.json, as the Functions host does.</summary>
public sealed class AzuriteTaskHubPartitionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_task_hub_has_one_control_queue_per_partition_of_the_repository_host_json()
    {
        var hostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot, "host.json"), Cancel))!;
        var partitions = hostJson["extensions"]!["durableTask"]!["storageProvider"]!["partitionCount"]!.GetValue<int>();
        var hub = "hub" + Guid.NewGuid().ToString("N")[..20];

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["DevHost:Backend"] = "Azurite";
        builder.Configuration["DevHost:Azurite:ConnectionString"] = azurite.ConnectionString;
        builder.Configuration["DevHost:Azurite:TaskHub"] = hub;
        builder.Configuration["DevHost:Azurite:Start"] = "false";
        builder.Services.AddSingleton<SampleLedger>();
        builder.Services.AddFunctionHosting(new FunctionCatalog(new Dictionary<string, System.Reflection.Assembly> { ["sample"] = typeof(SampleFunctions).Assembly }));
        await using var app = builder.Build();
        await app.StartAsync(Cancel);

        var queues = new QueueServiceClient(azurite.ConnectionString);
        var controlQueues = queues.GetQueues(prefix: hub.ToLowerInvariant() + "-control-", cancellationToken: Cancel).Count();
        await app.StopAsync(Cancel);

        Assert.NotEqual(4, partitions); // the provider's default: the test would not tell them apart
        Assert.Equal(partitions, controlQueues);
    }
}
