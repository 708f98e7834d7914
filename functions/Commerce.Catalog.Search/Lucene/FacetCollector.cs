using Commerce.Catalog.Domain;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Commerce.Catalog.Search.Lucene;

/// <summary>
/// One pass over the documents the text matches: a document passing every filter is a hit (passed on to
/// <paramref name="inner"/>, which ranks the page) and counts in every facet; a document failing exactly one filter
/// counts only in that filter's facet. So each facet's counts reflect all the other active filters, but not its own.
/// With <paramref name="shopperPrices"/> (a price experiment's shopper: price by global document number), a covered
/// document is filtered and counted on that price; without <paramref name="inner"/>, the hits are kept with their
/// prices for <see cref="ByPrice"/>.
/// </summary>
internal sealed class FacetCollector(ProductSearchQuery query, ICollector? inner, IReadOnlyDictionary<int, long?>? shopperPrices = null) : ICollector
{
    static readonly string[] Dimensions = [Facets.Brand, Facets.Category, Facets.Color, Facets.Size];
    readonly string?[] _filters = [query.Brand, query.Category, query.Color, query.Size];
    readonly Dictionary<string, int>[] _counts = [.. Dimensions.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];
    readonly IReadOnlyList<(string Label, long Min, long? Max)> _bands = PriceBands.For(query.Currency);
    readonly int[] _bandCounts = new int[PriceBands.For(query.Currency).Count];
    readonly bool _priceFilter = query.MinPrice is not null || query.MaxPrice is not null;
    readonly SortedSetDocValues[] _values = new SortedSetDocValues[4];
    readonly FixedBitSet?[] _matching = new FixedBitSet?[4];
    readonly int[][] _segmentCounts = new int[4][];
    readonly List<long>[] _docOrds = [[], [], [], []];
    readonly List<(int Doc, long? Price)> _priced = [];
    NumericDocValues? _price;
    IBits? _hasPrice;
    int _docBase;

    public int Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => inner?.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Flush();
        var reader = context.AtomicReader;
        for (var d = 0; d < Dimensions.Length; d++)
        {
            var values = reader.GetSortedSetDocValues(LuceneFields.Facet(FieldOf(d))) ?? DocValues.EMPTY_SORTED_SET;
            _values[d] = values;
            _segmentCounts[d] = new int[values.ValueCount];
            _matching[d] = _filters[d] is { } filter ? Matching(values, filter, caseSensitive: d == 1) : null;
        }

        var priceField = LuceneFields.Price(query.Currency);
        _price = reader.GetNumericDocValues(priceField);
        _hasPrice = reader.GetDocsWithField(priceField);
        _docBase = context.DocBase;
        inner?.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        // Filtered dimensions first: most documents fail two filters and are dropped before reading the rest.
        var failed = -1;
        var failures = 0;
        for (var d = 0; d < Dimensions.Length; d++)
        {
            if (_matching[d] is { } matching && !AnySet(matching, ReadOrds(d, doc)))
            {
                if (++failures > 1)
                {
                    return;
                }

                failed = d;
            }
        }

        long? price = shopperPrices is not null && shopperPrices.TryGetValue(_docBase + doc, out var shown) ? shown
            : _price is not null && _hasPrice is not null && _hasPrice.Get(doc) ? _price.Get(doc) : null;
        if (_priceFilter && !(price is { } p && p >= (query.MinPrice ?? 0) && p <= (query.MaxPrice ?? long.MaxValue)))
        {
            if (++failures > 1)
            {
                return;
            }

            failed = 4;
        }

        for (var d = 0; d < Dimensions.Length; d++)
        {
            if (_matching[d] is null)
            {
                ReadOrds(d, doc);
            }
        }

        for (var d = 0; d < Dimensions.Length; d++)
        {
            if (failures == 0 || failed == d)
            {
                foreach (var ord in _docOrds[d])
                {
                    _segmentCounts[d][ord]++;
                }
            }
        }

        if ((failures == 0 || failed == 4) && price is { } amount)
        {
            var band = _bands.Count - 1;
            while (band > 0 && amount < _bands[band].Min)
            {
                band--;
            }

            _bandCounts[band]++;
        }

        if (failures == 0)
        {
            Total++;
            if (inner is null)
            {
                _priced.Add((_docBase + doc, price));
            }
            else
            {
                inner.Collect(doc);
            }
        }
    }

    /// <summary>The hits kept (no inner collector) by price, then document, as the index's price sort orders them: no price last.</summary>
    public IEnumerable<int> ByPrice(bool descending)
    {
        var byPrice = _priced.OrderBy(h => h.Price is null);
        return (descending ? byPrice.ThenByDescending(h => h.Price) : byPrice.ThenBy(h => h.Price)).ThenBy(h => h.Doc).Select(h => h.Doc);
    }

    public IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Results()
    {
        Flush();
        var results = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal);
        for (var d = 0; d < Dimensions.Length; d++)
        {
            results[Dimensions[d]] = _counts[d]
                .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new FacetCount(c.Key, c.Value)).ToArray();
        }

        results[Facets.Price] = _bands.Select((band, i) => new FacetCount(band.Label, _bandCounts[i])).ToArray();
        return results;
    }

    void Flush()
    {
        var term = new BytesRef();
        for (var d = 0; d < Dimensions.Length; d++)
        {
            var counts = _segmentCounts[d];
            if (counts is null)
            {
                continue;
            }

            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] > 0)
                {
                    _values[d].LookupOrd(ord, term);
                    var key = term.Utf8ToString();
                    _counts[d][key] = _counts[d].GetValueOrDefault(key) + counts[ord];
                    counts[ord] = 0;
                }
            }
        }
    }

    List<long> ReadOrds(int dimension, int doc)
    {
        var ords = _docOrds[dimension];
        ords.Clear();
        var values = _values[dimension];
        values.SetDocument(doc);
        for (var ord = values.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = values.NextOrd())
        {
            ords.Add(ord);
        }

        return ords;
    }

    static bool AnySet(FixedBitSet bits, List<long> ords)
    {
        foreach (var ord in ords)
        {
            if (bits.Get((int)ord))
            {
                return true;
            }
        }

        return false;
    }

    static FixedBitSet Matching(SortedSetDocValues values, string filter, bool caseSensitive)
    {
        var bits = new FixedBitSet((int)Math.Max(1, values.ValueCount));
        var term = new BytesRef();
        for (var ord = 0L; ord < values.ValueCount; ord++)
        {
            values.LookupOrd(ord, term);
            if (string.Equals(term.Utf8ToString(), filter, caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            {
                bits.Set((int)ord);
            }
        }

        return bits;
    }

    static string FieldOf(int dimension) => dimension switch
    {
        0 => LuceneFields.Brand,
        1 => LuceneFields.Category,
        2 => LuceneFields.Color,
        _ => LuceneFields.Size,
    };
}
