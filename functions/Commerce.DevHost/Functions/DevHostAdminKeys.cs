using System.Security.Cryptography;
using System.Text;
using Commerce.Cart.Auth;

namespace Commerce.DevHost.Functions;

/// <summary>
/// The dev host's admin key (<c>DevHost:AdminKey</c>) is the function key of local runs: it opens keyed routes, and the
/// apps' own staff checks (<see cref="AdminAccess"/>) accept it too, as the admin app role stands in for it in Azure.
/// </summary>
public sealed class DevHostAdminKeys(IOptions<DevHostOptions> options) : IAdminKeys
{
    public bool Accepts(string key) => Matches(key, options.Value.AdminKey);

    /// <summary>Fixed-time comparison of a presented key with the expected one.</summary>
    public static bool Matches(string? given, string expected) =>
        !string.IsNullOrEmpty(given) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
