namespace Commerce.Orders.Domain;

/// <summary>
/// Payment settings (section <see cref="Section"/>). Nothing here has a default that would take a payment: the provider
/// is chosen explicitly and the secrets come from configuration (Key Vault references in Azure, local config in dev).
/// </summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary><see cref="PaymentProviders.Stripe"/> or <see cref="PaymentProviders.Simulated"/> (local runs and tests only).</summary>
    public string? Provider { get; set; }

    /// <summary>The secret that signs the provider's webhook events (Stripe's endpoint signing secret, <c>whsec_...</c>).</summary>
    public string? WebhookSecret { get; set; }

    public StripeOptions Stripe { get; set; } = new();
}

/// <summary>Stripe settings (section <c>Payments:Stripe</c>).</summary>
public sealed class StripeOptions
{
    /// <summary>The secret (or restricted) API key, <c>sk_live_...</c> / <c>rk_live_...</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Where Stripe's API answers; unset means Stripe itself. Tests point it at a local fake.</summary>
    public Uri? ApiBase { get; set; }

    /// <summary>How long one call to Stripe may take before it counts as unanswered (transient: the saga retries it, then settles it).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

public static class PaymentProviders
{
    public const string Stripe = "Stripe";

    /// <summary>The in-memory test double (<see cref="SimulatedPaymentGateway"/>): refused in Azure.</summary>
    public const string Simulated = "Simulated";
}
