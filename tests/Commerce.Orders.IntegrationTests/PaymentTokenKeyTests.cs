using Commerce.Orders.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The key that seals payment tokens has no default: the orders app does not start without a valid one, nor with a malformed previous key.</summary>
public sealed class PaymentTokenKeyTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a-passphrase-not-a-key")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==")]
    public async Task The_orders_app_does_not_start_without_a_valid_payment_token_key_and_says_which_setting(string? key)
    {
        var refused = await RefusedStartAsync(key, previousKeys: null);

        Assert.Contains(PaymentTokenOptions.Setting, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_orders_app_does_not_start_with_a_malformed_previous_key_and_says_which_setting()
    {
        var refused = await RefusedStartAsync("aW5mcmEtdGVzdC1wYXltZW50LXRva2VuLWtleS0zMmI=", previousKeys: "aW5mcmEtdGVzdC1wYXltZW50LXRva2VuLWtleS0zMmI=,not-a-key");

        Assert.Contains(PaymentTokenOptions.PreviousSetting, refused.Message, StringComparison.Ordinal);
    }

    static async Task<OptionsValidationException> RefusedStartAsync(string? key, string? previousKeys)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Documents:DataPath"] = Path.Combine(Path.GetTempPath(), "commerce-orders-tests", Guid.NewGuid().ToString("N")),
            [PaymentTokenOptions.Setting] = key,
            [PaymentTokenOptions.PreviousSetting] = previousKeys,
            ["Payments:Provider"] = PaymentProviders.Simulated,
            ["Payments:WebhookSecret"] = "local-payment-webhook-secret",
            ["Clickstream:Transport"] = "InProcess",
        });
        builder.Services.AddOrders(builder.Configuration);
        using var host = builder.Build();

        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }
}
