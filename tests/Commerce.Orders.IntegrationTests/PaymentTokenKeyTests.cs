using Commerce.Orders.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The key that seals payment tokens has no default: the orders app does not start without a valid one.</summary>
public sealed class PaymentTokenKeyTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a-passphrase-not-a-key")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==")]
    public async Task The_orders_app_does_not_start_without_a_valid_payment_token_key_and_says_which_setting(string? key)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Documents:DataPath"] = Path.Combine(Path.GetTempPath(), "commerce-orders-tests", Guid.NewGuid().ToString("N")),
            [PaymentTokenOptions.Setting] = key,
            ["Payments:Provider"] = PaymentProviders.Simulated,
            ["Payments:WebhookSecret"] = "local-payment-webhook-secret",
        });
        builder.Services.AddOrders(builder.Configuration);
        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(PaymentTokenOptions.Setting, refused.Message, StringComparison.Ordinal);
    }
}
