using Commerce.Cart.Auth;
using Commerce.Contracts;
using Commerce.Orders.Domain;
using Microsoft.Extensions.Logging;

namespace Commerce.Orders.Ordering;

/// <summary>One order in a customer's history.</summary>
public sealed record OrderSummaryView(string Id, DateTimeOffset Created, OrderStatus Status, Money Total, int ItemCount);

/// <summary>A page of the history; pass <see cref="Continuation"/> back (as <c>?continuation=</c>) for the next one; absent on the last page.</summary>
public sealed record OrderHistoryPage(IReadOnlyList<OrderSummaryView> Items, string? Continuation);

/// <summary>
/// GET /api/customers/me/orders?pageSize=&amp;continuation= : the signed-in customer's orders, newest first (the cart's
/// bearer token scheme; guest orders never appear). 401 without a valid token, 400 for a bad page size or token.
/// </summary>
public sealed class OrderHistoryFunction(OrderHistory history, ICustomerTokenValidator tokens, ILogger<OrderHistoryFunction> logger)
{
    [Function(nameof(GetCustomerOrders))]
    [OpenApiOperation("GetCustomerOrders", "The signed-in customer's orders, newest first")]
    [OpenApiSecurity(OpenApiCaller.Customer)]
    [OpenApiParameter("pageSize", Type = "integer", Minimum = 1, Maximum = OrderHistory.MaxPageSize)]
    [OpenApiParameter("continuation", Description = "The continuation of the previous page, unchanged.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(OrderHistoryPage))]
    [OpenApiResponse(StatusCodes.Status401Unauthorized, Headers = ["WWW-Authenticate"])]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiProblem(StatusCodes.Status422UnprocessableEntity, "unknown-continuation")]
    [OpenApiProblem(StatusCodes.Status401Unauthorized, "unauthorized")]
    public async Task<IActionResult> GetCustomerOrders(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/me/orders")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        try
        {
            var auth = await tokens.ValidateAsync(request.Headers.Authorization.ToString(), cancellationToken);
            if (auth is not { Status: CustomerAuthStatus.Authenticated, CustomerId: { } customerId })
            {
                request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Problems.Result(StatusCodes.Status401Unauthorized, "unauthorized", "Order history needs the customer's bearer token.");
            }

            if (!QueryNumber.TryRead(request.Query["pageSize"], 1, OrderHistory.MaxPageSize, out var size))
            {
                return Problems.Validation(new Dictionary<string, string[]> { ["pageSize"] = [QueryNumber.Rule(1, OrderHistory.MaxPageSize)] });
            }

            var pageSize = (int)(size ?? OrderHistory.DefaultPageSize);

            var continuation = request.Query.TryGetValue("continuation", out var token) ? token.ToString() : null;
            var page = await history.PageAsync(customerId, pageSize, continuation, cancellationToken);
            return new OkObjectResult(new OrderHistoryPage(
                [.. page.Items.Select(d => new OrderSummaryView(d.Value.Id, d.Value.Created, d.Value.Status, d.Value.Total, d.Value.ItemCount))],
                page.ContinuationToken));
        }
        catch (ArgumentException)
        {
            return Problems.Unprocessable("unknown-continuation", "The request breaks a rule.", "The continuation is not one this listing returned: pass it back unchanged.");
        }
        catch (Exception ex) when (ex is DocumentStoreUnavailableException or CustomerAuthUnavailableException)
        {
            logger.LogWarning(ex, "Order history is unavailable");
            return Problems.ServiceUnavailable("Order history is temporarily unavailable.", "Retry shortly.");
        }
    }
}
