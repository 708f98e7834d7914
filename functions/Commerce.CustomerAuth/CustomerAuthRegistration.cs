namespace Commerce.Cart.Auth;

public static class CustomerAuthRegistration
{
    /// <summary>Binds <see cref="CustomerAuthOptions"/> (section <c>Auth</c>) and registers the JWT validator; idempotent, so every app that serves customers calls it.</summary>
    public static IServiceCollection AddCustomerAuth(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ICustomerTokenValidator)))
        {
            return services;
        }

        services.AddOptions<CustomerAuthOptions>().BindConfiguration(CustomerAuthOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.Authority) || Uri.IsWellFormedUriString(o.Authority, UriKind.Absolute), "Auth:Authority must be an absolute URL.")
            .ValidateOnStart();
        services.TryAddSingleton<ICustomerTokenValidator, JwtCustomerTokenValidator>();
        services.TryAddSingleton<AdminAccess>();
        return services;
    }
}
