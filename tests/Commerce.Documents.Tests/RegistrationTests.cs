using Commerce.Documents.Cosmos;
using Commerce.Documents.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace Commerce.Documents.Tests;

public sealed class RegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, null, null, DocumentsOptions.SqliteProvider)]
    [InlineData("Sqlite", "https://acct.documents.azure.com:443/", null, DocumentsOptions.SqliteProvider)]
    [InlineData(null, "https://acct.documents.azure.com:443/", null, DocumentsOptions.CosmosProvider)]
    [InlineData(null, null, "AccountEndpoint=https://127.0.0.1:8081/;AccountKey=a2V5;", DocumentsOptions.CosmosProvider)]
    [InlineData("cosmos", null, null, DocumentsOptions.CosmosProvider)]
    public void Provider_is_chosen_from_configuration(string? provider, string? endpoint, string? connectionString, string expected)
    {
        var configuration = Configuration(new()
        {
            ["Documents:Provider"] = provider,
            ["CosmosDb:accountEndpoint"] = endpoint,
            ["CosmosDb:connectionString"] = connectionString,
        });

        Assert.Equal(expected, DocumentStoreServiceCollectionExtensions.ResolveProvider(configuration));
    }

    [Fact]
    public void Unknown_provider_is_rejected_with_the_accepted_names()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => new ServiceCollection().AddCommerceDocumentStore(Configuration(new() { ["Documents:Provider"] = "Mongo" })));

        Assert.Contains("'Cosmos' or 'Sqlite'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_four_times_yields_one_sqlite_store()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "docstore-di-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Documents:DataPath"] = dataPath });
        for (var app = 0; app < 4; app++)
        {
            builder.Services.AddCommerceDocumentStore(builder.Configuration);
        }

        Assert.Single(builder.Services, d => d.ServiceType == typeof(IDocumentStore) && !d.IsKeyedService);
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IDocumentStore) && d.IsKeyedService);
        using var host = builder.Build();
        await host.StartAsync(Ct);

        var resilient = Assert.IsType<ResilientDocumentStore>(host.Services.GetRequiredService<IDocumentStore>());
        var store = Assert.IsType<SqliteDocumentStore>(resilient.Inner);
        Assert.Same(resilient, host.Services.GetRequiredService<IDocumentStore>());
        Assert.StartsWith(Path.GetFullPath(dataPath), ((SqliteDocumentStore)store).DatabasePath, StringComparison.Ordinal);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task Cosmos_provider_without_an_endpoint_fails_validation_at_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Documents:Provider"] = "Cosmos" });
        builder.Services.AddCommerceDocumentStore(builder.Configuration);
        using var host = builder.Build();

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));
    }

    [Fact]
    public void Insecure_emulator_certificate_is_refused_for_a_remote_endpoint()
    {
        var options = new CosmosDbOptions { AccountEndpoint = "https://acct.documents.azure.com:443/", AllowInsecureEmulatorCertificate = true };

        Assert.Contains(options.Validate(), p => p.Contains("local emulator only", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => CosmosDocumentStore.Create(options));
    }

    [Fact]
    public void Cosmos_settings_bind_from_camel_case_keys()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CosmosDb:accountEndpoint"] = "https://acct.documents.azure.com:443/",
            ["CosmosDb:clientId"] = "00000000-0000-0000-0000-000000000001",
            ["CosmosDb:databaseName"] = "shop",
        });
        builder.Services.AddCommerceDocumentStore(builder.Configuration);
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<CosmosDbOptions>>().Value;

        Assert.Equal("shop", options.DatabaseName);
        Assert.Equal("00000000-0000-0000-0000-000000000001", options.ClientId);
        Assert.Empty(options.Validate());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
