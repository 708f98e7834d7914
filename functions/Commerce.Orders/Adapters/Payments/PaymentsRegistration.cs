using Commerce.Orders.Domain;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.Adapters.Payments;

/// <summary>The payment provider named by <c>Payments:Provider</c>, and its settings checked when the app starts.</summary>
public static class PaymentsRegistration
{
    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddOptions<PaymentsOptions>().BindConfiguration(PaymentsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PaymentsOptions>, PaymentsOptionsValidation>());
        services.TryAddSingleton<PaymentEventLog>();
        services.TryAddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.Provider switch
        {
            PaymentProviders.Stripe => ActivatorUtilities.CreateInstance<StripePaymentGateway>(sp),
            PaymentProviders.Simulated => new SimulatedPaymentGateway(),
            var other => throw new InvalidOperationException($"Payments:Provider '{other}' is not a payment provider."),
        });
        return services;
    }
}

/// <summary>
/// Start-up checks of the payment settings; each failure names the setting. The simulated provider is a test double: an
/// app that runs in Azure (<see cref="AzureHosting"/>) refuses it.
/// </summary>
public sealed class PaymentsOptionsValidation(IConfiguration configuration) : IValidateOptions<PaymentsOptions>
{
    const string Section = PaymentsOptions.Section;

    public ValidateOptionsResult Validate(string? name, PaymentsOptions options)
    {
        var failures = new List<string>();
        switch (options.Provider)
        {
            case var provider when string.IsNullOrWhiteSpace(provider):
                failures.Add($"{Section}:Provider is not set: choose {PaymentProviders.Stripe} (real payments) or {PaymentProviders.Simulated} (local runs and tests only).");
                break;
            case PaymentProviders.Simulated when AzureHosting.Marker(configuration) is { } marker:
                failures.Add($"{Section}:Provider is {PaymentProviders.Simulated}, a test double that approves payments without taking money, and this app runs in Azure ({marker} is set): it refuses to start. Set {Section}:Provider={PaymentProviders.Stripe}.");
                break;
            case PaymentProviders.Simulated:
                break;
            case PaymentProviders.Stripe:
                if (string.IsNullOrWhiteSpace(options.Stripe.ApiKey))
                {
                    failures.Add($"{Section}:Stripe:ApiKey is not set: the Stripe secret key (in Azure, a Key Vault reference).");
                }

                if (options.Stripe.ApiBase is { } apiBase && (!apiBase.IsAbsoluteUri || apiBase.Scheme is not ("https" or "http")))
                {
                    failures.Add($"{Section}:Stripe:ApiBase must be an absolute http(s) URL (leave it unset for Stripe itself).");
                }

                if (options.Stripe.Timeout <= TimeSpan.Zero || options.Stripe.Timeout > TimeSpan.FromSeconds(80))
                {
                    failures.Add($"{Section}:Stripe:Timeout must be between 00:00:00.001 and 00:01:20.");
                }

                break;
            default:
                failures.Add($"{Section}:Provider '{options.Provider}' is not a payment provider: choose {PaymentProviders.Stripe} or {PaymentProviders.Simulated}.");
                break;
        }

        if (string.IsNullOrWhiteSpace(options.WebhookSecret) || options.WebhookSecret.Length < 16)
        {
            failures.Add($"{Section}:WebhookSecret is not set (at least 16 characters): the secret that signs the payment provider's webhook events (in Azure, a Key Vault reference).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
