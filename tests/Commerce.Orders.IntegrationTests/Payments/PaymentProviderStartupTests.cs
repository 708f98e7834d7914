namespace Commerce.Orders.IntegrationTests.Payments;

/// <summary>The payment provider is chosen by explicit configuration; a bad choice, or a missing secret, stops the app at start-up.</summary>
public sealed class PaymentProviderStartupTests
{
    /// <summary>The dev host with <paramref name="settings"/> laid over its appsettings.</summary>
    sealed class ConfiguredHost(IReadOnlyDictionary<string, string?> settings) : OrdersHost
    {
        protected override IReadOnlyDictionary<string, string?> Settings => settings;
    }

    static async Task<string> StartupFailureAsync(Dictionary<string, string?> settings)
    {
        await using var host = new ConfiguredHost(settings);
        var failure = Record.Exception(() => host.CreateClient());
        Assert.NotNull(failure);
        return string.Join(" | ", Flatten(failure));
    }

    static IEnumerable<string> Flatten(Exception failure) => failure switch
    {
        AggregateException all => all.InnerExceptions.SelectMany(Flatten),
        { InnerException: { } inner } => [failure.Message, .. Flatten(inner)],
        _ => [failure.Message],
    };

    [Fact]
    public async Task The_app_refuses_to_start_without_an_explicit_payment_provider()
    {
        var message = await StartupFailureAsync(new() { ["Payments:Provider"] = "" });

        Assert.Contains("Payments:Provider", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_an_unknown_payment_provider()
    {
        var message = await StartupFailureAsync(new() { ["Payments:Provider"] = "PayLater" });

        Assert.Contains("Payments:Provider", message, StringComparison.Ordinal);
        Assert.Contains("PayLater", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_the_simulated_provider_when_it_runs_in_Azure()
    {
        var message = await StartupFailureAsync(new() { ["Payments:Provider"] = "Simulated", ["WEBSITE_INSTANCE_ID"] = "0123456789abcdef" });

        Assert.Contains("Payments:Provider", message, StringComparison.Ordinal);
        Assert.Contains("Azure", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_refuses_to_start_without_the_payment_webhook_secret()
    {
        var message = await StartupFailureAsync(new() { ["Payments:WebhookSecret"] = "" });

        Assert.Contains("Payments:WebhookSecret", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_Stripe_without_its_api_key()
    {
        var message = await StartupFailureAsync(new() { ["Payments:Provider"] = "Stripe", ["Payments:Stripe:ApiKey"] = "" });

        Assert.Contains("Payments:Stripe:ApiKey", message, StringComparison.Ordinal);
    }
}
