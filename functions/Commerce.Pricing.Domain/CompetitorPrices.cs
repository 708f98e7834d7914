using System.Text.Json;
using System.Text.RegularExpressions;
using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Primitives;
using Microsoft.Extensions.Options;

namespace Commerce.Pricing.Domain;

/// <summary>What a price monitoring service pushes on the <c>competitor-prices</c> queue.</summary>
public sealed record CompetitorPriceMessage(string? Sku, string? Competitor, long? Price, string? Currency, DateTimeOffset? ObservedAt);

public enum CompetitorPriceOutcome
{
    /// <summary>Kept as the competitor's latest price for the SKU.</summary>
    Recorded,

    /// <summary>Observed longer ago than <see cref="PricingOptions.CompetitorPriceMaxAge"/>: ignored.</summary>
    Stale,

    /// <summary>Not newer than the competitor's price already kept (a duplicate or a late delivery): ignored.</summary>
    Superseded,
}

/// <summary>A competitor message that can never be recorded (malformed, or an unknown SKU): poisoned with this reason.</summary>
public sealed class MalformedCompetitorPriceException(string message) : Exception(message);

/// <summary>
/// Competitor prices as they arrive: validated, stale ones ignored, and only the latest observation per SKU and
/// competitor kept (an ETag-conditional write, so a late or repeated delivery never replaces a newer price).
/// </summary>
public sealed partial class CompetitorPrices(IDocumentStore store, IOptions<PricingOptions> options, CategoryIndex index, TimeProvider clock)
{
    public const string Queue = "competitor-prices";

    readonly IDocumentContainer<CompetitorPrice> _prices = store.Container<CompetitorPrice>(PricingContainers.CompetitorPrices);
    readonly IDocumentContainer<SkuSnapshot> _catalog = store.Container<SkuSnapshot>(SkuSnapshot.Container);

    /// <summary>Parses and records one queue message; throws <see cref="MalformedCompetitorPriceException"/> with the reason for one that can never be recorded.</summary>
    public async Task<CompetitorPriceOutcome> ReceiveAsync(string message, CancellationToken cancellationToken = default)
    {
        var price = Parse(message);
        if (price.ObservedAt > clock.GetUtcNow() + options.Value.ClockSkew)
        {
            throw new MalformedCompetitorPriceException($"observedAt {price.ObservedAt:O} is in the future.");
        }

        if (IsStale(price))
        {
            return CompetitorPriceOutcome.Stale;
        }

        if (await _catalog.ReadAsync(price.Sku, price.Sku, cancellationToken) is not { } snapshot)
        {
            throw new MalformedCompetitorPriceException($"SKU '{price.Sku}' is not in the catalog.");
        }

        await index.FollowAsync(price.Sku, snapshot.Value.CategoryId, cancellationToken);

        var written = await _prices.UpdateIfAsync(price.Competitor, price.Sku, current => current is null || current.ObservedAt < price.ObservedAt ? price : null, cancellationToken: cancellationToken);
        return written is null ? CompetitorPriceOutcome.Superseded : CompetitorPriceOutcome.Recorded;
    }

    /// <summary>The SKU's competitor prices that are not stale, lowest first.</summary>
    public async Task<IReadOnlyList<CompetitorPrice>> CurrentAsync(string sku, CancellationToken cancellationToken = default)
    {
        if (!PricingInputs.IsSku(sku))
        {
            return [];
        }

        var page = await _prices.QueryAsync(sku, new DocumentQuery { PageSize = DocumentQueryRules.MaxPageSize }, cancellationToken);
        return [.. page.Items.Select(d => d.Value).Where(p => !IsStale(p)).OrderBy(p => p.Currency, StringComparer.Ordinal).ThenBy(p => p.Price)];
    }

    bool IsStale(CompetitorPrice price) => price.ObservedAt < clock.GetUtcNow() - options.Value.CompetitorPriceMaxAge;

    CompetitorPrice Parse(string message)
    {
        CompetitorPriceMessage? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<CompetitorPriceMessage>(message, CommerceJson.Options);
        }
        catch (JsonException ex)
        {
            throw new MalformedCompetitorPriceException($"Not a competitor price message: {ex.Message}");
        }

        if (parsed is null)
        {
            throw new MalformedCompetitorPriceException("Not a competitor price message: null.");
        }

        var problems = new List<string>();
        if (!PricingInputs.IsSku(parsed.Sku))
        {
            problems.Add("sku is required (1-64 letters, digits, '.', '_' or '-')");
        }

        var competitor = parsed.Competitor?.Trim().ToLowerInvariant();
        if (competitor is null || !CompetitorPattern().IsMatch(competitor))
        {
            problems.Add("competitor is required (1-64 letters, digits, '.', '_' or '-')");
        }

        if (parsed.Price is not (> 0 and <= PricingInputs.MaxPriceMinor))
        {
            problems.Add($"price is 1-{PricingInputs.MaxPriceMinor} minor units");
        }

        var currency = parsed.Currency?.Trim().ToUpperInvariant();
        if (!Currencies.IsSupported(currency))
        {
            problems.Add("currency is a supported ISO 4217 code");
        }

        if (parsed.ObservedAt is null)
        {
            problems.Add("observedAt is required");
        }

        return problems.Count > 0
            ? throw new MalformedCompetitorPriceException(string.Join("; ", problems) + ".")
            : new CompetitorPrice
            {
                Sku = parsed.Sku!,
                Competitor = competitor!,
                Price = parsed.Price!.Value,
                Currency = currency!,
                ObservedAt = parsed.ObservedAt!.Value.ToUniversalTime(),
                ReceivedAt = clock.GetUtcNow(),
            };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CompetitorPattern();
}
