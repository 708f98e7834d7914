using Commerce.Cart.Auth;
using Commerce.Contracts;

namespace Commerce.Cart.Http;

/// <summary>
/// What every cart trigger shares: who may use the cart (guest token or customer JWT; anyone else gets a 404 that does
/// not reveal whether it exists), If-Match (missing: 428, stale: 412 with the current cart), bounded JSON bodies
/// (malformed: 400), rule violations as problem details, ETag headers, and clickstream events after a write.
/// </summary>
public sealed class CartHttp(CartService carts, ICustomerTokenValidator tokens, IClickstreamPublisher clickstream, TimeProvider clock, ILogger<CartHttp> logger)
{
    public const string TokenHeader = "X-Cart-Token";
    /// <summary>Largest body of a cart request (an item, a code, a destination: a few hundred bytes in practice).</summary>
    public const int MaxBodyBytes = 4 * 1024;

    public CartService Carts => carts;

    public Task<CustomerAuthResult> CustomerAsync(HttpRequest request, CancellationToken cancellationToken)
        => tokens.ValidateAsync(request.Headers.Authorization.FirstOrDefault(), cancellationToken);

    /// <summary>The cart when the request may use it; else the problem to answer with.</summary>
    public async Task<(StoredCart? Cart, IActionResult? Problem)> AuthorizeAsync(HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var cart = id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? await carts.FindAsync(id, cancellationToken)
            : null;
        if (cart is not null && cart.Cart.IsGuest)
        {
            return CartTokens.Matches(request.Headers[TokenHeader].FirstOrDefault(), cart.Cart.TokenHash) ? (cart, null) : (null, CartNotFound());
        }

        var customer = await CustomerAsync(request, cancellationToken);
        if (customer.Status == CustomerAuthStatus.Invalid)
        {
            return (null, Problems.Result(StatusCodes.Status401Unauthorized, "unauthorized", "The bearer token is not valid."));
        }

        return cart is not null && customer.CustomerId == cart.Cart.CustomerId ? (cart, null) : (null, CartNotFound());
    }

    /// <summary>Authorizes, requires If-Match, reads the body, runs the command and maps the outcome.</summary>
    public Task<IActionResult> MutateAsync<TBody>(HttpRequest request, string id, Func<TBody, CartCommand> command, CancellationToken cancellationToken)
        where TBody : class => GuardAsync(async () =>
    {
        var (cart, problem) = await AuthorizeAsync(request, id, cancellationToken);
        if (cart is null)
        {
            return problem!;
        }

        if (await PreconditionAsync(request, cart, "the cart's", cancellationToken) is { } failed)
        {
            return failed;
        }

        var body = typeof(TBody) == typeof(NoBody) ? (TBody)(object)NoBody.Instance : await ReadBodyAsync<TBody>(request, cancellationToken);
        var result = await carts.ExecuteAsync(cart, cart.ETag, command(body), cancellationToken);
        await PublishAsync(result.Changes, cancellationToken);
        return Respond(request, result.Cart.ETag, result.Priced, result.Stale);
    });

    /// <summary>Maps what may go wrong in any cart call: broken rules to their problem (4xx), an unreachable store or identity provider to 503.</summary>
    public async Task<IActionResult> GuardAsync(Func<Task<IActionResult>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (CartRuleException ex)
        {
            return Problem(ex);
        }
        catch (Exception ex) when (ex is DocumentStoreUnavailableException or CustomerAuthUnavailableException)
        {
            logger.LogWarning(ex, "A cart dependency is unavailable");
            return Problems.ServiceUnavailable("The cart service is temporarily unavailable.", "Retry shortly.");
        }
    }

    /// <summary>
    /// If-Match on a cart change: without it 428; when it names neither the cart's current version nor <c>*</c>, 412
    /// with the current cart (and its ETag) to retry from; null when the change may go ahead on the version read.
    /// </summary>
    public async Task<IActionResult?> PreconditionAsync(HttpRequest request, StoredCart cart, string whose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cart);
        var ifMatch = EntityTagHeaders.IfMatch(request);
        if (!ifMatch.IsPresent)
        {
            return Problems.Result(StatusCodes.Status428PreconditionRequired, "cart/if-match-required", $"Send {whose} ETag in If-Match.");
        }

        return ifMatch.MatchesStrongly(cart.ETag) ? null : Respond(request, cart.ETag, await carts.PriceAsync(cart.Cart, cancellationToken), stale: true);
    }

    /// <param name="version">The cart's version in the store; the ETag header carries its entity tag.</param>
    /// <param name="body">The answer; a priced cart is written as its <see cref="CartView"/> (amounts as money).</param>
    public static IActionResult Respond(HttpRequest request, string version, object body, bool stale = false, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(request);
        body = body is PricedCart priced ? CartView.Of(priced) : body;
        EntityTagHeaders.Write(request.HttpContext.Response, version);
        return stale
            ? Problems.Result(StatusCodes.Status412PreconditionFailed, "cart/stale", "The cart changed since it was read.", "The body holds the current cart; retry with its ETag.", new Dictionary<string, object?> { ["cart"] = body })
            : new ObjectResult(body) { StatusCode = status };
    }

    public static ObjectResult Problem(CartRuleException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.Errors is { } errors
            ? Problems.Validation(errors.ToDictionary(), ex.Detail)
            : Problems.Result(ex.Status, ex.Type, ex.Title, ex.Detail);
    }

    /// <summary>Reads a JSON body of at most <see cref="MaxBodyBytes"/> (see <see cref="RequestBodies"/>); anything else is a 4xx rule violation.</summary>
    public static async Task<T> ReadBodyAsync<T>(HttpRequest request, CancellationToken cancellationToken, bool optional = false)
        where T : class
    {
        var (body, problem) = await RequestBodies.ReadJsonAsync<T>(request, MaxBodyBytes, cancellationToken, optional);
        return problem is null ? body! : throw new CartRuleException(problem.Type, problem.Title, problem.Detail, problem.Status);
    }

    public static CartRuleException Invalid(string title, string? detail = null) => new("cart/invalid-request", title, detail);

    public static string RequiredText(string? value, string name, int maxLength = 64)
        => string.IsNullOrWhiteSpace(value) || value.Length > maxLength ? throw Invalid($"'{name}' is required (1 to {maxLength} characters).") : value.Trim();

    public static int RequiredQuantity(int? quantity)
        => quantity is null or < 1 ? throw new CartRuleException(CartProblems.QuantityLimit, "The quantity is out of range.", "'quantity' must be a positive whole number.") : quantity.Value;

    public static ObjectResult CartNotFound() => Problems.NotFound(CartProblems.CartNotFound, "No such cart.", $"Check the cart id and the {TokenHeader} header.");

    public async Task PublishAsync(IReadOnlyList<CartLineChanged> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var events = changes.Where(c => c.Delta != 0).Select(c => new StorefrontEvent
        {
            Id = Guid.NewGuid().ToString("N"),
            Type = c.Delta > 0 ? StorefrontEventTypes.AddToCart : StorefrontEventTypes.RemoveFromCart,
            SessionId = c.CartId,
            CustomerId = c.CustomerId,
            Timestamp = now,
            ProductId = c.Sku,
            Value = c.UnitPrice * Math.Abs(c.Delta),
            Currency = c.Currency,
        }).ToList();
        try
        {
            await clickstream.PublishAsync(events, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The cart change is written; losing its analytics event must not fail the shopper's request.
            logger.LogWarning(ex, "Could not publish {Count} clickstream events for cart {CartId}", events.Count, changes[0].CartId);
        }
    }

    /// <summary>Marks a command that takes no body.</summary>
    public sealed class NoBody
    {
        public static readonly NoBody Instance = new();
    }
}
