using Commerce.Cart.Auth;

namespace Commerce.Analytics;

/// <summary>The answer of staff-only analytics routes to anyone else: the 404 of a route that does not exist.</summary>
static class StaffOnly
{
    public static async Task<IActionResult?> RefuseAsync(AdminAccess admins, HttpRequest request, CancellationToken cancellationToken)
        => await admins.IsAdminAsync(request, cancellationToken) ? null : Problems.NotFound("not-found", "Not found.");
}
