using System.Net;
using Commerce.Orders.Domain;
using Commerce.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.Orders.IntegrationTests;

/// <summary>
/// The dev host on the Azurite backend, started on a data folder and task hub another one used, with the payment provider
/// and the carts (which live outside the orders app) that outlive it.
/// </summary>
public sealed class AzuriteHostOn(string dataPath, DevHostAzurite azurite, SimulatedPaymentGateway provider, InMemoryCheckoutCarts carts)
    : OrdersHost(dataPath, azurite)
{
    /// <summary>The customer has minutes for the payment action: the saga waits for it across the restart.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Orders:PaymentActionTimeout"] = "00:05:00" };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IPaymentGateway>(provider));
        services.Replace(ServiceDescriptor.Singleton(carts));
        services.Replace(ServiceDescriptor.Singleton<ICheckoutCart>(carts));
    }
}

/// <summary>
/// On the Azurite backend the sagas live in the Azure Storage task hub, not in the dev host: a host stopped in the middle
/// of a checkout leaves the saga where it was, and the next host on the same Azurite and task hub carries it on by itself
/// (no journal, no recovery: the saga is not started again, so the payment is authorized once).
/// </summary>
public sealed class AzuriteRestartTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_saga_stopped_mid_way_by_a_dev_host_restart_resumes_on_the_next_host_and_completes_the_order()
    {
        await using var azurite = await DevHostAzurite.StartAsync();
        var dataPath = Path.Combine(Path.GetTempPath(), "commerce-orders-tests", Guid.NewGuid().ToString("N"));
        var provider = new SimulatedPaymentGateway();
        var carts = new InMemoryCheckoutCarts();
        var sku = "restart-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            string orderId;
            await using (var stopped = new AzuriteHostOn(dataPath, azurite, provider, carts))
            {
                await stopped.InitializeAsync();
                using var shopper = stopped.CreateShopperClient();
                await stopped.SeedAsync(sku, ("wh-east", 5));
                orderId = await stopped.StartCheckoutAsync(shopper, SimulatedPaymentGateway.RequiresAction, (sku, 2));
                await OrdersHost.WaitForOrderAsync(shopper, orderId, o => o.TryGetProperty("stage", out var s) && s.GetString() == "awaiting_payment_action");
            }

            var restartedAt = DateTimeOffset.UtcNow;
            await using var restarted = new AzuriteHostOn(dataPath, azurite, provider, carts);
            await restarted.InitializeAsync();
            using var http = await restarted.CreateAdminClientAsync(); // the first host's shopper (and its order token) is gone
            var saga = await restarted.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(orderId, Ct);
            Assert.NotNull(saga);
            Assert.True(saga.CreatedAt < restartedAt, $"the saga was created at {saga.CreatedAt:O}, after the restart at {restartedAt:O}");

            using (var webhook = await OrdersHost.PostPaymentWebhookAsync(http, OrdersHost.ActionCompleted(orderId)))
            {
                Assert.Equal(HttpStatusCode.Accepted, webhook.StatusCode);
            }

            var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);
            Assert.Equal("fulfilling", order.GetProperty("status").GetString());
            Assert.Equal(1, provider.AuthorizeAttempts(orderId));
            Assert.Equal(PaymentState.Captured, (await provider.FindByOrderAsync(orderId, Ct))!.State);
            Assert.Equal(5 - 2, (await restarted.StockAsync(sku)).OnHand);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }
}
