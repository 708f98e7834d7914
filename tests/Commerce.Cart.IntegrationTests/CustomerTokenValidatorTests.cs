using System.Security.Claims;
using System.Security.Cryptography;
using Commerce.Cart.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Commerce.Cart.IntegrationTests;

public sealed class CustomerTokenValidatorTests
{
    const string Issuer = "https://issuer.test/";
    const string Audience = "commerce-cart";
    static readonly ECDsaSecurityKey Key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "k1" };

    static JwtCustomerTokenValidator Validator(string? authority = null)
    {
        var options = new CustomerAuthOptions { Issuer = authority is null ? Issuer : null, Audience = Audience, Authority = authority };
        options.SigningKeys.Add(Key);
        return new JwtCustomerTokenValidator(Microsoft.Extensions.Options.Options.Create(options), NullLogger<JwtCustomerTokenValidator>.Instance);
    }

    static string Token(string issuer = Issuer, string audience = Audience, DateTime? expires = null, SecurityKey? key = null, string? subject = "cust-1")
    {
        var claims = subject is null ? new ClaimsIdentity() : new ClaimsIdentity([new Claim("sub", subject)]);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = claims,
            NotBefore = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    [Fact]
    public async Task A_valid_bearer_token_names_the_customer_and_no_header_is_a_guest()
    {
        Assert.Equal(new CustomerAuthResult(CustomerAuthStatus.Authenticated, "cust-1"), await Validator().ValidateAsync("Bearer " + Token(), TestContext.Current.CancellationToken));
        Assert.Equal(CustomerAuthStatus.Anonymous, (await Validator().ValidateAsync(null, TestContext.Current.CancellationToken)).Status);
    }

    public static TheoryData<string> Rejected => new()
    {
        "Bearer " + Token(expires: DateTime.UtcNow.AddMinutes(-5)),
        "Bearer " + Token(audience: "someone-else"),
        "Bearer " + Token(issuer: "https://evil.test/"),
        "Bearer " + Token(key: new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "k1" }),
        "Bearer " + Token(subject: null),
        "Bearer not-a-jwt",
        "Basic dXNlcjpwYXNz",
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task Expired_foreign_forged_or_malformed_tokens_are_invalid(string authorization)
        => Assert.Equal(CustomerAuthStatus.Invalid, (await Validator().ValidateAsync(authorization, TestContext.Current.CancellationToken)).Status);

    [Theory]
    [InlineData(new[] { "Commerce.Admin" }, null, true)]
    [InlineData(new[] { "Commerce.Reader", "Commerce.Admin" }, null, true)]
    [InlineData(new[] { "Commerce.Reader" }, null, false)]
    [InlineData(new[] { "commerce.admin" }, null, false)]
    [InlineData(new string[0], null, false)]
    [InlineData(new[] { "Commerce.Admin" }, "Shop.Admin", false)]
    [InlineData(new[] { "Shop.Admin" }, "Shop.Admin", true)]
    public async Task A_bearer_is_an_admin_when_its_roles_claim_holds_the_admin_role(string[] roles, string? adminRole, bool isAdmin)
    {
        var options = new CustomerAuthOptions { Issuer = Issuer, Audience = Audience };
        options.AdminRole = adminRole ?? options.AdminRole;
        options.SigningKeys.Add(Key);
        var validator = new JwtCustomerTokenValidator(Microsoft.Extensions.Options.Options.Create(options), NullLogger<JwtCustomerTokenValidator>.Instance);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", "staff-1")]),
            Claims = new Dictionary<string, object> { [JwtCustomerTokenValidator.RolesClaim] = roles }, // an array, as Entra ID sends app roles
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.EcdsaSha256),
        });

        var result = await validator.ValidateAsync("Bearer " + token, TestContext.Current.CancellationToken);

        Assert.Equal(new CustomerAuthResult(CustomerAuthStatus.Authenticated, "staff-1", isAdmin), result);
    }

    [Fact]
    public async Task An_unreachable_authority_is_an_outage_not_an_invalid_token()
    {
        var outage = await Assert.ThrowsAsync<CustomerAuthUnavailableException>(() => Validator("http://127.0.0.1:9/").ValidateAsync("Bearer " + Token(), TestContext.Current.CancellationToken));

        // Transient, so wherever it escapes a trigger the apps' one classifier answers 503 with Retry-After.
        Assert.True(Commerce.ServiceDefaults.TransientFailures.IsTransient(outage));
    }
}
