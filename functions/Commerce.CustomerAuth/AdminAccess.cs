using Commerce.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Commerce.Cart.Auth;

/// <summary>
/// A way a host vouches for a staff key. Only the dev host registers one (its <c>DevHost:AdminKey</c>, as the function
/// key of local runs); an app in Azure has none, so there staff prove themselves with the admin app role alone.
/// </summary>
public interface IAdminKeys
{
    bool Accepts(string key);
}

/// <summary>
/// Who is staff on routes that also serve someone else (an order's owner) or that must answer everyone else with a
/// 404 (the analytics summary and dashboard): a bearer token whose <c>roles</c> hold the admin app role (Entra ID app
/// roles; <see cref="CustomerAuthOptions.AdminRole"/>), or, locally, a key a host vouches for (<see cref="IAdminKeys"/>)
/// in <c>x-functions-key</c> or <c>?code=</c>.
/// </summary>
public sealed class AdminAccess(ICustomerTokenValidator tokens, IEnumerable<IAdminKeys> keys)
{
    public const string KeyHeader = "x-functions-key";

    /// <summary>True when the request carries a key a host vouches for (only ever locally).</summary>
    public bool HoldsAdminKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Headers[KeyHeader].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        return !string.IsNullOrEmpty(key) && keys.Any(k => k.Accepts(key));
    }

    /// <summary>True for staff. Throws <see cref="CustomerAuthUnavailableException"/> (transient: a 503) when the sign-in metadata cannot be read.</summary>
    public async Task<bool> IsAdminAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        if (HoldsAdminKey(request))
        {
            return true;
        }

        var authorization = request.Headers.Authorization.ToString();
        return !string.IsNullOrEmpty(authorization) && (await tokens.ValidateAsync(authorization, cancellationToken)).IsAdmin;
    }

    /// <summary>
    /// The gate of a staff-only route: null for staff, else the 404 problem of a route that does not exist (the route's
    /// existence does not leak). Staff-only routes are anonymous to the Functions host and checked here, so no function
    /// key is ever handed to a person, a back-office tool or the edge.
    /// </summary>
    public async Task<IActionResult?> RefuseUnlessStaffAsync(HttpRequest request, CancellationToken cancellationToken = default)
        => await IsAdminAsync(request, cancellationToken) ? null : Problems.NotFound("not-found", "Not found.");
}
