using Azure.Data.Tables;
using Azure.Storage.Queues;
using Commerce.DevHost.Azurite;
using Commerce.DevHost.Functions;
using Commerce.DevHost.Tests.SampleApp;
using Commerce.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.DevHost.Tests;

/// <summary>
/// On the Azurite backend with nothing answering, the dev host starts Azurite from tests/node_modules for the apps' storage
/// account and for the task hub's (an account of its own, as in Azure), and stops both with itself.
/// </summary>
public sealed class AzuriteLauncherTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static string LoopbackAccount()
    {
        int blob = ChildProcess.FreeLoopbackPort(), queue = ChildProcess.FreeLoopbackPort(), table = ChildProcess.FreeLoopbackPort();
        return $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/{AzuriteFixture.AccountName};QueueEndpoint=http://127.0.0.1:{queue}/{AzuriteFixture.AccountName};TableEndpoint=http://127.0.0.1:{table}/{AzuriteFixture.AccountName};";
    }

    [Fact]
    public async Task The_azurite_backend_starts_azurite_for_the_apps_and_for_the_task_hub_when_none_answers_keeps_each_in_the_data_folder_and_stops_them_on_exit()
    {
        var dataPath = Directory.CreateTempSubdirectory("devhost-azurite-").FullName;
        string apps = LoopbackAccount(), taskHub = LoopbackAccount();
        var appQueues = new QueueServiceClient(apps, new QueueClientOptions { Retry = { MaxRetries = 0 } });
        var hubQueues = new QueueServiceClient(taskHub, new QueueClientOptions { Retry = { MaxRetries = 0 } });
        var hubTables = new TableServiceClient(taskHub, new TableClientOptions { Retry = { MaxRetries = 0 } });
        try
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseTestServer();
            builder.Configuration["DevHost:DataPath"] = dataPath;
            builder.Configuration["DevHost:Backend"] = "Azurite";
            builder.Configuration["DevHost:Azurite:ConnectionString"] = apps;
            builder.Configuration["DevHost:Azurite:TaskHubConnectionString"] = taskHub;
            builder.Configuration["DevHost:Azurite:TaskHub"] = "launcherhub";
            builder.Services.AddSingleton<SampleLedger>();
            builder.Services.AddFunctionHosting(new FunctionCatalog(new Dictionary<string, System.Reflection.Assembly> { ["sample"] = typeof(SampleFunctions).Assembly }));
            await using (var app = builder.Build())
            {
                await app.StartAsync(Cancel);
                Assert.True(app.Services.GetRequiredService<AzuriteLauncher>().Started);
                await app.Services.GetRequiredService<IDevHostQueues>().SendAsync("launcher-check", "hello", Cancel);

                // The apps' queues on their account, the task hub's queues and tables on its own.
                var appQueueNames = appQueues.GetQueues(cancellationToken: Cancel).Select(q => q.Name).ToList();
                var hubQueueNames = hubQueues.GetQueues(cancellationToken: Cancel).Select(q => q.Name).ToList();
                Assert.Contains("launcher-check", appQueueNames);
                Assert.DoesNotContain("launcher-check", hubQueueNames);
                Assert.Contains("launcherhub-control-00", hubQueueNames);
                Assert.Contains("launcherhub-workitems", hubQueueNames);
                Assert.DoesNotContain(appQueueNames, name => name.StartsWith("launcherhub-", StringComparison.Ordinal));
                Assert.Contains(hubTables.Query(cancellationToken: Cancel), t => t.Name == "launcherhubInstances");
                Assert.True(Directory.EnumerateFileSystemEntries(Path.Combine(dataPath, "azurite")).Any());
                Assert.True(Directory.EnumerateFileSystemEntries(Path.Combine(dataPath, "azurite-taskhub")).Any());
                await app.StopAsync(Cancel);
            }

            await Assert.ThrowsAnyAsync<Exception>(async () => await appQueues.GetPropertiesAsync(Cancel));
            await Assert.ThrowsAnyAsync<Exception>(async () => await hubQueues.GetPropertiesAsync(Cancel));
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
