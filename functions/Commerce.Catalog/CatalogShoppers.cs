using Commerce.Cart.Auth;
using Commerce.Contracts;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Commerce.Catalog;

/// <summary>
/// Who asks a storefront read, for price experiments (<see cref="ShopperPrices"/>): the signed-in customer (bearer
/// token), else the session id header. Answers that can differ by shopper say so in <c>Vary</c>, so no shared cache
/// hands one shopper's variant price to another. A product page, listing or search answer showing a shopper an
/// experiment's price is an exposure on the clickstream, sent once per shopper and experiment for <see cref="ExposureMemory"/> (the experiment counts them once anyway).
/// </summary>
public sealed partial class CatalogShoppers(ShopperPrices prices, ICustomerTokenValidator customers, IClickstreamPublisher clickstream, HybridCache cache, TimeProvider clock, ILogger<CatalogShoppers> logger)
{
    /// <summary>What a shared cache must key a storefront read on.</summary>
    public static readonly string Vary = HeaderNames.Authorization + ", " + ExperimentShoppers.SessionHeader;

    public static readonly TimeSpan ExposureMemory = TimeSpan.FromMinutes(30);
    static readonly HybridCacheEntryOptions Exposure = new() { Expiration = ExposureMemory, LocalCacheExpiration = ExposureMemory };

    public ShopperPrices Prices => prices;

    /// <summary>The live experiments and, when there are any, the shopper (null: not identified, the usual prices).</summary>
    public async ValueTask<(IReadOnlyList<LivePriceExperiment> Live, string? ShopperId)> ResolveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers[HeaderNames.Vary] = Vary;
        var live = await prices.LiveAsync(cancellationToken);
        if (live.Count == 0)
        {
            return (live, null);
        }

        var customer = request.Headers.Authorization.Count > 0 ? (await customers.ValidateAsync(request.Headers.Authorization.FirstOrDefault(), cancellationToken)).CustomerId : null;
        return (live, ExperimentShoppers.Of(customer, request.Headers[ExperimentShoppers.SessionHeader].FirstOrDefault()));
    }

    /// <summary>The answer the shopper was shown, after sending its exposures (<see cref="ExposedAsync"/>).</summary>
    public async Task<T> ShownAsync<T>(HttpRequest request, string? shopperId, Shown<T> shown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shown);
        if (shopperId is not null)
        {
            await ExposedAsync(request, shopperId, shown.Arms, cancellationToken);
        }

        return shown.Value;
    }

    /// <summary>Sends a <see cref="StorefrontEventTypes.PriceExposure"/> per arm the shopper was shown (on a product page, a listing or search hits), unless sent lately.</summary>
    public async Task ExposedAsync(HttpRequest request, string shopperId, IReadOnlyList<ArmShown> arms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(arms);
        foreach (var (productId, arm) in arms)
        {
            await cache.GetOrCreateAsync($"catalog:exposed:{arm.Key}:{shopperId}", (this, request, shopperId, productId, arm), static async (state, ct) =>
            {
                await state.Item1.PublishAsync(state.request, state.shopperId, state.productId, state.arm, ct);
                return true;
            }, Exposure, cancellationToken: cancellationToken);
        }
    }

    async Task PublishAsync(HttpRequest request, string shopperId, string productId, ExperimentArm arm, CancellationToken cancellationToken)
    {
        try
        {
            await clickstream.PublishAsync(
                [new StorefrontEvent
                {
                    Id = Guid.NewGuid().ToString("N"),
                    Type = StorefrontEventTypes.PriceExposure,
                    SessionId = request.Headers[ExperimentShoppers.SessionHeader].FirstOrDefault() ?? shopperId,
                    Timestamp = clock.GetUtcNow(),
                    ProductId = productId,
                    Shopper = shopperId,
                    Experiment = new ExperimentExposure(arm.ExperimentId, arm.Variant.Name),
                }],
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The page is served; a lost exposure must not fail the shopper's request.
            LogExposureLost(ex, arm.ExperimentId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not publish a price exposure of experiment {ExperimentId}")]
    partial void LogExposureLost(Exception exception, string experimentId);
}
