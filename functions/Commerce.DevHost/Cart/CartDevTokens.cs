using System.Security.Claims;
using System.Security.Cryptography;
using Commerce.Cart.Auth;
using Commerce.ServiceDefaults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Commerce.DevHost.Cart;

/// <summary>
/// A development token issuer for customer carts, so the sign-in flow can be tried locally: <c>POST /api/dev/token</c>
/// with <c>{"customerId": "...", "roles": ["Commerce.Admin"]}</c> (roles optional: app roles, as Entra ID puts them in
/// the <c>roles</c> claim) returns a bearer JWT signed with an ECDSA key generated when the process starts (never
/// stored, never committed). The apps trust that key only when no <c>Auth:Authority</c> is configured.
/// </summary>
public static class CartDevTokens
{
    public const string Issuer = "https://dev-host.commerce.local/";
    public const string DefaultAudience = "commerce-cart";
    public const string Route = "/api/dev/token";
    const int MaxBodyBytes = 4 * 1024;

    /// <summary>Generates the signing key and makes the cart app trust it (unless a real authority is configured).</summary>
    public static IServiceCollection AddCartDevTokens(this IServiceCollection services)
    {
        var key = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = Guid.NewGuid().ToString("N") };
        services.AddSingleton(new DevTokenIssuer(key));
        services.PostConfigure<CustomerAuthOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(options.Authority))
            {
                options.Issuer ??= Issuer;
                options.Audience ??= DefaultAudience;
                options.SigningKeys.Add(key);
            }
        });
        return services;
    }

    /// <summary>Maps <c>POST /api/dev/token</c>.</summary>
    public static IEndpointRouteBuilder MapCartDevTokens(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, async (HttpRequest request, DevTokenIssuer issuer, IOptions<CustomerAuthOptions> auth) =>
            {
                var (body, problem) = await RequestBodies.ReadJsonAsync<DevTokenRequest>(request, MaxBodyBytes, request.HttpContext.RequestAborted);
                return problem is not null ? problem.ToHttpResult()
                    : string.IsNullOrWhiteSpace(body!.CustomerId) || body.CustomerId.Length > 128
                    ? Results.Problem(statusCode: 400, type: Problems.TypeBase + "validation", title: "'customerId' is required (1 to 128 characters).")
                    : body.Roles is { } roles && (roles.Count > MaxRoles || roles.Any(r => string.IsNullOrWhiteSpace(r) || r.Length > 64))
                    ? Results.Problem(statusCode: 400, type: Problems.TypeBase + "validation", title: $"'roles' holds at most {MaxRoles} role names of 1 to 64 characters.")
                    : Results.Ok(issuer.Issue(body.CustomerId.Trim(), auth.Value, body.Roles));
            })
            .Accepts<DevTokenRequest>("application/json")
            .WithTags("dev");
        return endpoints;
    }

    const int MaxRoles = 8;

    public sealed record DevTokenRequest(string? CustomerId, IReadOnlyList<string>? Roles = null);

    public sealed record DevToken(string AccessToken, string TokenType, int ExpiresIn);

    /// <summary>Signs tokens with the process's development key.</summary>
    public sealed class DevTokenIssuer(SecurityKey key)
    {
        static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
        readonly JsonWebTokenHandler handler = new();

        public DevToken Issue(string customerId, CustomerAuthOptions auth, IReadOnlyList<string>? roles = null)
        {
            ArgumentNullException.ThrowIfNull(auth);
            Claim[] claims = [new Claim("sub", customerId), .. (roles ?? []).Select(r => new Claim(JwtCustomerTokenValidator.RolesClaim, r.Trim()))];
            var token = handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = auth.Issuer ?? Issuer,
                Audience = auth.Audience ?? DefaultAudience,
                Subject = new ClaimsIdentity(claims),
                Expires = DateTime.UtcNow.Add(Lifetime),
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
            });
            return new DevToken(token, "Bearer", (int)Lifetime.TotalSeconds);
        }
    }
}
