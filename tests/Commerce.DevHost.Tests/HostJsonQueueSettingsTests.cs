using System.Text.Json.Nodes;
using Commerce.DevHost.Functions;
using Commerce.DevHost.Tests.SampleApp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.DevHost.Tests;

/// <summary>The dev host takes its queue trigger settings from host.json, as the Functions host does, not from numbers of its own.</summary>
public sealed class HostJsonQueueSettingsTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static readonly string RepositoryHostJson = Path.Combine(Commerce.Testing.TestPaths.RepositoryRoot, "host.json");

    [Fact]
    public async Task Queue_triggers_use_the_repository_host_json_batch_size_and_dequeue_count()
    {
        var queues = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryHostJson, Cancel))!["extensions"]!["queues"]!;

        await using var app = await StartAsync(hostJson: null);
        var settings = app.Services.GetRequiredService<QueueTriggerOptions>();

        Assert.Equal((queues["batchSize"]!.GetValue<int>(), queues["maxDequeueCount"]!.GetValue<int>()), (settings.BatchSize, settings.MaxDequeueCount));
    }

    [Fact]
    public async Task A_changed_host_json_max_dequeue_count_is_how_often_the_dev_host_tries_a_failing_message()
    {
        var changed = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryHostJson, Cancel))!;
        changed["extensions"]!["queues"]!["maxDequeueCount"] = 2;
        changed["extensions"]!["queues"]!["batchSize"] = 3;
        var path = Path.Combine(Directory.CreateTempSubdirectory("devhost-hostjson-").FullName, "host.json");
        await File.WriteAllTextAsync(path, changed.ToJsonString(), Cancel);

        await using var app = await StartAsync(path);
        var ledger = app.Services.GetRequiredService<SampleLedger>();
        var queues = app.Services.GetRequiredService<IDevHostQueues>();
        await queues.SendAsync("sample-items", """{"id":"fails-twice-at-most","failTimes":99}""", Cancel);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!queues.Poisoned.Any(p => p.Body.Contains("fails-twice-at-most", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the message was not poisoned within 30 s");
            await Task.Delay(20, Cancel);
        }

        Assert.Equal(2, ledger.Attempts["fails-twice-at-most"]);
        Assert.Equal(3, app.Services.GetRequiredService<QueueTriggerOptions>().BatchSize);
    }

    static async Task<WebApplication> StartAsync(string? hostJson)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        if (hostJson is not null)
        {
            builder.Configuration[QueueTriggerOptions.HostJsonKey] = hostJson;
        }

        builder.Services.AddSingleton<SampleLedger>();
        builder.Services.AddFunctionHosting(new FunctionCatalog(new Dictionary<string, System.Reflection.Assembly> { ["sample"] = typeof(SampleFunctions).Assembly }));
        var app = builder.Build();
        await app.StartAsync(Cancel);
        return app;
    }
}
