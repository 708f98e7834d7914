using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.DevHost.Functions;
using Commerce.DevHost.Tests.SampleApp;
using Commerce.Primitives;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Commerce.Testing;

namespace Commerce.DevHost.Tests;

/// <summary>The Functions-host stand-in on its in-process queues and durable engine.</summary>
public sealed class InMemoryFunctionHostingTests : FunctionHostingTests;

/// <summary>The same on the Azurite backend: Storage queues and the Azure Storage durable provider, a fresh task hub per test.</summary>
public sealed class AzuriteFunctionHostingTests(AzuriteFixture azurite) : FunctionHostingTests, IClassFixture<AzuriteFixture>
{
    protected override IReadOnlyDictionary<string, string?> Backend => new Dictionary<string, string?>
    {
        ["DevHost:Backend"] = "Azurite",
        ["DevHost:Azurite:ConnectionString"] = azurite.ConnectionString,
        ["DevHost:Azurite:TaskHubConnectionString"] = azurite.ConnectionString,
        ["DevHost:Azurite:TaskHub"] = "hub" + Guid.NewGuid().ToString("N")[..20],
        ["DevHost:Azurite:Start"] = "false",
    };
}

/// <summary>The Functions-host stand-in, exercised with sample functions of every supported trigger kind, once per backend.</summary>
public abstract class FunctionHostingTests : IAsyncLifetime
{
    WebApplication app = null!;
    HttpClient client = null!;

    /// <summary>Settings that choose the backend (none: the in-memory default).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Backend => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["DevHost:AdminKey"] = "test-key";
        builder.Configuration.AddInMemoryCollection(Backend);
        builder.Services.AddSingleton<SampleLedger>();
        builder.Services.AddFunctionHosting(new FunctionCatalog(new Dictionary<string, System.Reflection.Assembly> { ["sample"] = typeof(SampleFunctions).Assembly }));
        app = builder.Build();
        app.MapHttpFunctions(app.Services.GetRequiredService<FunctionCatalog>());
        app.MapAdminFunctions();
        await app.StartAsync(TestContext.Current.CancellationToken);
        client = app.GetTestClient();
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Http_function_receives_typed_route_values_and_the_request()
    {
        var body = await client.GetFromJsonAsync<JsonElement>("/api/sample/greet/ab/3?q=shoes", Cancel);

        Assert.Equal("ababab", body.GetProperty("greeting").GetString());
        Assert.Equal("shoes", body.GetProperty("query").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/sample/greet/ab/many", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/sample/admin?code=test-key", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/api/sample/nothing-here", HttpStatusCode.NotFound)]
    public async Task Requests_outside_a_functions_route_constraints_or_methods_are_refused(string method, string url, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        var response = await client.SendAsync(request, Cancel);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Function_level_route_is_not_found_for_anonymous_callers_with_problem_details()
    {
        var response = await client.PostAsync("/api/sample/admin", null, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Function_level_route_is_not_found_with_a_wrong_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sample/admin");
        request.Headers.Add("x-functions-key", "not-the-key");

        var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Function_level_route_accepts_the_key_in_header_or_code_query()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/sample/admin");
        request.Headers.Add("x-functions-key", "test-key");

        var byHeader = await client.SendAsync(request, Cancel);
        var byQuery = await client.PostAsync("/api/sample/admin?code=test-key", null, Cancel);

        Assert.Equal("admin PUT", await byHeader.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("admin POST", await byQuery.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Queue_message_is_retried_until_it_succeeds()
    {
        var broker = app.Services.GetRequiredService<IDevHostQueues>();
        var ledger = app.Services.GetRequiredService<SampleLedger>();

        await broker.SendAsync("sample-items", JsonSerializer.Serialize(new SampleMessage("retry-me", FailTimes: 2), CommerceJson.Options), Cancel);

        await Eventually(() => ledger.Handled.Contains("retry-me"));
        Assert.Equal(3, ledger.Attempts["retry-me"]);
        Assert.DoesNotContain(broker.Poisoned, p => p.Body.Contains("retry-me", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Queue_message_failing_every_attempt_ends_in_poison_with_the_reason()
    {
        var broker = app.Services.GetRequiredService<IDevHostQueues>();
        var ledger = app.Services.GetRequiredService<SampleLedger>();

        await broker.SendAsync("sample-items", """{"id":"always-fails","failTimes":99}""", Cancel);

        await Eventually(() => broker.Poisoned.Any(p => p.Body.Contains("always-fails", StringComparison.Ordinal)));
        var poisoned = Assert.Single(broker.Poisoned, p => p.Body.Contains("always-fails", StringComparison.Ordinal));
        Assert.Equal("sample-items", poisoned.Queue);
        var maxDequeueCount = app.Services.GetRequiredService<QueueTriggerOptions>().MaxDequeueCount;
        Assert.Equal(maxDequeueCount, poisoned.DequeueCount);
        Assert.Contains("fails on purpose", poisoned.Reason, StringComparison.Ordinal);
        Assert.Equal(maxDequeueCount, ledger.Attempts["always-fails"]);
        Assert.DoesNotContain("always-fails", ledger.Handled);
    }

    [Fact]
    public async Task Orchestrator_function_runs_its_activity_functions_on_the_durable_engine()
    {
        var durable = app.Services.GetRequiredService<DurableTaskClient>();

        var id = await durable.ScheduleNewOrchestrationInstanceAsync("SampleOrchestration", new[] { "buy", "now" }, Cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var state = await durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.True(state.RuntimeStatus == OrchestrationRuntimeStatus.Completed, state.FailureDetails?.ToString());
        Assert.Equal("BUY!! NOW!!", state.ReadOutputAs<string>());
        Assert.Contains("shout:now", app.Services.GetRequiredService<SampleLedger>().Handled);
    }

    [Fact]
    public async Task Timer_function_runs_on_demand_through_the_admin_api_with_its_schedule()
    {
        var ledger = app.Services.GetRequiredService<SampleLedger>();

        var response = await client.PostAsync("/admin/functions/SampleNightly?code=test-key", null, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually(() => ledger.Handled.Contains("nightly:next=03:00:00"));
    }

    [Fact]
    public async Task Queue_function_runs_on_demand_with_the_given_input()
    {
        var ledger = app.Services.GetRequiredService<SampleLedger>();

        var response = await client.PostAsJsonAsync("/admin/functions/SampleQueue?code=test-key", new { input = """{"id":"on-demand","failTimes":0}""" }, Cancel);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually(() => ledger.Handled.Contains("on-demand"));
    }

    [Theory]
    [InlineData("/admin/functions/SampleNightly", HttpStatusCode.NotFound)]
    [InlineData("/admin/functions/NoSuchFunction?code=test-key", HttpStatusCode.NotFound)]
    [InlineData("/admin/functions/SampleGreeting?code=test-key", HttpStatusCode.NotFound)]
    [InlineData("/admin/functions/SampleQueue?code=test-key", HttpStatusCode.BadRequest)]
    public async Task Admin_api_refuses_without_key_unknown_or_http_functions_and_missing_input(string url, HttpStatusCode expected)
    {
        var response = await client.PostAsync(url, new StringContent("{not json"), Cancel);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
