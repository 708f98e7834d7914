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

/// <summary>On the Azurite backend with nothing answering, the dev host starts Azurite from tests/node_modules and stops it with itself.</summary>
public sealed class AzuriteLauncherTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_azurite_backend_starts_azurite_when_none_answers_keeps_it_in_the_data_folder_and_stops_it_on_exit()
    {
        var dataPath = Directory.CreateTempSubdirectory("devhost-azurite-").FullName;
        int blob = ChildProcess.FreeLoopbackPort(), queue = ChildProcess.FreeLoopbackPort(), table = ChildProcess.FreeLoopbackPort();
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/{AzuriteFixture.AccountName};QueueEndpoint=http://127.0.0.1:{queue}/{AzuriteFixture.AccountName};TableEndpoint=http://127.0.0.1:{table}/{AzuriteFixture.AccountName};";
        var queues = new QueueServiceClient(connectionString, new QueueClientOptions { Retry = { MaxRetries = 0 } });
        try
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseTestServer();
            builder.Configuration["DevHost:DataPath"] = dataPath;
            builder.Configuration["DevHost:Backend"] = "Azurite";
            builder.Configuration["DevHost:Azurite:ConnectionString"] = connectionString;
            builder.Services.AddSingleton<SampleLedger>();
            builder.Services.AddFunctionHosting(new FunctionCatalog(new Dictionary<string, System.Reflection.Assembly> { ["sample"] = typeof(SampleFunctions).Assembly }));
            await using (var app = builder.Build())
            {
                await app.StartAsync(Cancel);
                Assert.True(app.Services.GetRequiredService<AzuriteLauncher>().Started);
                await app.Services.GetRequiredService<IDevHostQueues>().SendAsync("launcher-check", "hello", Cancel);
                Assert.Contains(queues.GetQueues(cancellationToken: Cancel), q => q.Name == "launcher-check");
                Assert.True(Directory.EnumerateFileSystemEntries(Path.Combine(dataPath, "azurite")).Any());
                await app.StopAsync(Cancel);
            }

            await Assert.ThrowsAnyAsync<Exception>(async () => await queues.GetPropertiesAsync(Cancel));
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
