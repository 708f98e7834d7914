using Commerce.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Commerce.Cart.Auth;

/// <summary>
/// Customer sign-in (section <c>Auth</c>): bearer JWTs from an OpenID Connect authority (its metadata gives the issuer
/// and signing keys), for <see cref="Audience"/>. Without an authority, only <see cref="SigningKeys"/> (set in code,
/// e.g. the dev host's development issuer) and <see cref="Issuer"/> are trusted; with neither, every bearer token fails.
/// </summary>
public sealed class CustomerAuthOptions
{
    public const string Section = "Auth";

    public const string DefaultAdminRole = "Commerce.Admin";

    public string? Authority { get; set; }

    public string? Audience { get; set; }

    /// <summary>Expected issuer; default: the authority's metadata issuer.</summary>
    public string? Issuer { get; set; }

    /// <summary>The app role (Entra ID app roles arrive in the <c>roles</c> claim) that makes a bearer an admin of the shop.</summary>
    public string AdminRole { get; set; } = DefaultAdminRole;

    /// <summary>Signing keys trusted besides the authority's; never bound from configuration.</summary>
    public IList<SecurityKey> SigningKeys { get; } = [];
}

public enum CustomerAuthStatus
{
    /// <summary>No Authorization header: a guest.</summary>
    Anonymous,

    /// <summary>An Authorization header that does not hold a valid bearer token.</summary>
    Invalid,

    Authenticated,
}

/// <summary>
/// The identity provider's metadata (issuer, signing keys) could not be fetched: a transient failure, so the apps' one
/// classifier answers it 503 with Retry-After wherever it escapes a trigger; not the client's fault.
/// </summary>
public sealed class CustomerAuthUnavailableException(string message, Exception inner) : Exception(message, inner), ITransientFailure;

/// <summary>The caller: <see cref="CustomerId"/> is the token's <c>sub</c>; <see cref="IsAdmin"/> when its <c>roles</c> hold <see cref="CustomerAuthOptions.AdminRole"/>.</summary>
public sealed record CustomerAuthResult(CustomerAuthStatus Status, string? CustomerId = null, bool IsAdmin = false);

/// <summary>Validates the Authorization header of a request (the trigger calls it: the function binding has no JwtBearer middleware).</summary>
public interface ICustomerTokenValidator
{
    Task<CustomerAuthResult> ValidateAsync(string? authorization, CancellationToken cancellationToken = default);
}

/// <summary>
/// JWT validation with <see cref="JsonWebTokenHandler"/>: signature, issuer, audience and lifetime; the customer is the
/// <c>sub</c> claim, an admin one whose <c>roles</c> claim holds the admin role.
/// </summary>
public sealed class JwtCustomerTokenValidator : ICustomerTokenValidator
{
    /// <summary>The claim Entra ID puts app roles in.</summary>
    public const string RolesClaim = "roles";

    readonly CustomerAuthOptions options;
    readonly ConfigurationManager<OpenIdConnectConfiguration>? metadata;
    readonly JsonWebTokenHandler handler = new();
    readonly ILogger<JwtCustomerTokenValidator> logger;

    public JwtCustomerTokenValidator(IOptions<CustomerAuthOptions> options, ILogger<JwtCustomerTokenValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        if (!string.IsNullOrWhiteSpace(this.options.Authority))
        {
            var address = this.options.Authority.TrimEnd('/') + "/.well-known/openid-configuration";
            metadata = new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = address.StartsWith("https://", StringComparison.Ordinal) });
        }
    }

    public async Task<CustomerAuthResult> ValidateAsync(string? authorization, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return new(CustomerAuthStatus.Anonymous);
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length > 8_192)
        {
            return new(CustomerAuthStatus.Invalid);
        }

        var keys = options.SigningKeys.ToList();
        var issuer = options.Issuer;
        if (metadata is not null)
        {
            OpenIdConnectConfiguration configuration;
            try
            {
                configuration = await metadata.GetConfigurationAsync(cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                throw new CustomerAuthUnavailableException("The OpenID Connect metadata could not be read.", ex);
            }


            keys.AddRange(configuration.SigningKeys);
            issuer ??= configuration.Issuer;
        }

        if (keys.Count == 0 || issuer is null || options.Audience is null)
        {
            return new(CustomerAuthStatus.Invalid);
        }

        var result = await handler.ValidateTokenAsync(authorization["Bearer ".Length..].Trim(), new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = options.Audience,
            IssuerSigningKeys = keys,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        });
        var subject = result.IsValid && result.Claims.TryGetValue("sub", out var sub) ? sub as string : null;
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > 128)
        {
            logger.LogInformation("Rejected a customer token: {Reason}", result.Exception?.GetType().Name ?? "no subject");
            return new(CustomerAuthStatus.Invalid);
        }

        var isAdmin = result.ClaimsIdentity.Claims.Any(c => c.Type == RolesClaim && string.Equals(c.Value, options.AdminRole, StringComparison.Ordinal));
        return new(CustomerAuthStatus.Authenticated, subject, isAdmin);
    }
}
