using System.Text.Json;
using Commerce.Catalog.Domain;
using Commerce.Primitives;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Commerce.Catalog.Search.Lucene;

/// <summary>
/// The embedded search adapter: a Lucene.NET index (on disk under a folder, or in memory) kept near-real-time: a
/// product indexed by <see cref="IndexAsync"/> is searchable when the call returns.
/// </summary>
public sealed class LuceneProductSearch : IProductSearch, IDisposable
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;
    readonly LuceneDirectory _directory;
    readonly Analyzer _analyzer = new StandardAnalyzer(Version);
    readonly IndexWriter _writer;
    readonly SearcherManager _searchers;

    /// <param name="indexPath">The index folder; null for an in-memory index.</param>
    public LuceneProductSearch(string? indexPath)
    {
        _directory = string.IsNullOrWhiteSpace(indexPath) ? new RAMDirectory() : FSDirectory.Open(System.IO.Directory.CreateDirectory(indexPath).FullName);
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _analyzer) { OpenMode = OpenMode.CREATE_OR_APPEND });
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    public int Count
    {
        get
        {
            var searcher = _searchers.Acquire();
            try
            {
                return searcher.IndexReader.NumDocs;
            }
            finally
            {
                _searchers.Release(searcher);
            }
        }
    }

    public Task IndexAsync(IReadOnlyList<Product> products, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(products);
        if (products.Count == 0)
        {
            return Task.CompletedTask;
        }

        foreach (var product in products)
        {
            var id = new Term(LuceneFields.Id, product.Id);
            if (product.Status == ProductStatus.Active)
            {
                _writer.UpdateDocument(id, LuceneFields.ToDocument(product));
            }
            else
            {
                _writer.DeleteDocuments(id);
            }
        }

        _writer.Commit();
        _searchers.MaybeRefreshBlocking();
        return Task.CompletedTask;
    }

    public async Task<ProductSearchResults> SearchAsync(ProductSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var searcher = _searchers.Acquire();
        try
        {
            // A shopper shown other prices (price experiments) is filtered, counted and sorted on them: the covered
            // documents' prices by document, and a price sort over every hit instead of the index's price order.
            var shopperPrices = query.Shopper is { } view ? await ShopperPricesAsync(searcher, view, query.Currency, cancellationToken) : null;
            var byShopperPrice = shopperPrices is not null && query.Sort is SearchSort.PriceAsc or SearchSort.PriceDesc;
            var numHits = query.Page * query.PageSize;
            ICollector? top = byShopperPrice ? null
                : query.Sort == SearchSort.Relevance ? TopScoreDocCollector.Create(numHits, docsScoredInOrder: true)
                : TopFieldCollector.Create(SortFor(query), numHits, fillFields: false, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: true);
            var facets = new FacetCollector(query, top, shopperPrices);
            searcher.Search(TextQuery(query.Text), facets);
            var start = (query.Page - 1) * query.PageSize;
            var docs = top switch
            {
                TopScoreDocCollector scored => scored.GetTopDocs(start, query.PageSize).ScoreDocs.Select(d => d.Doc),
                TopFieldCollector sorted => sorted.GetTopDocs(start, query.PageSize).ScoreDocs.Select(d => d.Doc),
                _ => facets.ByPrice(descending: query.Sort == SearchSort.PriceDesc).Skip(start).Take(query.PageSize),
            };
            var items = docs.Select(doc => Hit(searcher.Doc(doc), query.Currency, shopperPrices, doc)).ToArray();
            return new ProductSearchResults(items, facets.Total, facets.Results());
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// The shopper's price (null: none in the currency) of each document <paramref name="view"/> covers, by global
    /// document number: products of a targeted SKU priced by the view, products of a targeted category at the variant's
    /// multiplier of their indexed price; null when it covers none. Costs nothing per document outside the experiments.
    /// </summary>
    static async Task<Dictionary<int, long?>?> ShopperPricesAsync(IndexSearcher searcher, SearchPriceView view, string currency, CancellationToken cancellationToken)
    {
        var prices = new Dictionary<int, long?>();
        var targeted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var reader = leaf.AtomicReader;
            foreach (var category in view.Categories)
            {
                // The category term matches the subcategories' products too; only the category's own are covered.
                var docs = reader.GetTermDocsEnum(new Term(LuceneFields.Category, category));
                for (var doc = docs?.NextDoc() ?? DocIdSetIterator.NO_MORE_DOCS; doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs!.NextDoc())
                {
                    var stored = Stored(reader.Document(doc));
                    if (stored.CategoryId == category)
                    {
                        prices[leaf.DocBase + doc] = stored.Prices.TryGetValue(currency, out var price) ? view.CategoryPrice(category, price) : null;
                    }
                }
            }

            foreach (var id in view.ProductIds)
            {
                if (reader.GetTermDocsEnum(new Term(LuceneFields.Id, id)) is { } docs && docs.NextDoc() is var doc && doc != DocIdSetIterator.NO_MORE_DOCS)
                {
                    targeted[id] = leaf.DocBase + doc;
                }
            }
        }

        if (targeted.Count > 0)
        {
            var resolved = await view.PricesAsync([.. targeted.Keys], currency, cancellationToken);
            foreach (var (id, doc) in targeted)
            {
                if (resolved.TryGetValue(id, out var price))
                {
                    prices[doc] = price;
                }
            }
        }

        return prices.Count > 0 ? prices : null;
    }

    public Task<IReadOnlyList<string>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken = default)
    {
        var tokens = Tokens(prefix ?? string.Empty);
        if (tokens.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var query = new BooleanQuery();
        for (var i = 0; i < tokens.Count - 1; i++)
        {
            query.Add(new TermQuery(new Term(LuceneFields.Name, tokens[i])), Occur.MUST);
        }

        query.Add(new PrefixQuery(new Term(LuceneFields.Name, tokens[^1])), Occur.MUST);
        var searcher = _searchers.Acquire();
        try
        {
            var names = searcher.Search(query, size * 4).ScoreDocs
                .Select(d => searcher.Doc(d.Doc).Get(LuceneFields.NameStored))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Take(size)
                .ToArray();
            return Task.FromResult<IReadOnlyList<string>>(names);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>The raw Lucene search (top <paramref name="count"/> by relevance), the baseline the benchmark compares with.</summary>
    public int RawSearch(Query query, int count)
    {
        var searcher = _searchers.Acquire();
        try
        {
            return searcher.Search(query, count).TotalHits;
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// Every word must match the name or text, exactly (ranked higher) or one edit away. No words: every product.
    /// </summary>
    public Query TextQuery(string? text)
    {
        var tokens = Tokens(text ?? string.Empty);
        if (tokens.Count == 0)
        {
            return new MatchAllDocsQuery();
        }

        var query = new BooleanQuery();
        foreach (var token in tokens)
        {
            var word = new BooleanQuery
            {
                { new TermQuery(new Term(LuceneFields.Name, token)) { Boost = 4 }, Occur.SHOULD },
                { new TermQuery(new Term(LuceneFields.Text, token)) { Boost = 2 }, Occur.SHOULD },
            };
            if (token.Length >= 3)
            {
                word.Add(new FuzzyQuery(new Term(LuceneFields.Text, token), maxEdits: 1, prefixLength: 0), Occur.SHOULD);
            }

            query.Add(word, Occur.MUST);
        }

        return query;
    }

    internal List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        using var stream = _analyzer.GetTokenStream(LuceneFields.Text, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken() && tokens.Count < 16)
        {
            tokens.Add(term.ToString());
        }

        stream.End();
        return tokens;
    }

    static Sort SortFor(ProductSearchQuery query) => query.Sort switch
    {
        SearchSort.PriceAsc => new Sort(PriceSort(query.Currency, reverse: false), SortField.FIELD_DOC),
        SearchSort.PriceDesc => new Sort(PriceSort(query.Currency, reverse: true), SortField.FIELD_DOC),
        _ => new Sort(new SortField(LuceneFields.Created, SortFieldType.INT64, reverse: true), SortField.FIELD_DOC),
    };

    /// <summary>Products without a price in the currency sort last either way.</summary>
    static SortField PriceSort(string currency, bool reverse)
    {
        var field = new SortField(LuceneFields.Price(currency), SortFieldType.INT64, reverse);
        field.SetMissingValue(reverse ? long.MinValue : long.MaxValue);
        return field;
    }

    static ProductSearchHit Hit(Document document, string currency, Dictionary<int, long?>? shopperPrices, int doc)
    {
        var stored = Stored(document);
        var price = shopperPrices is not null && shopperPrices.TryGetValue(doc, out var shown) ? shown
            : stored.Prices.TryGetValue(currency, out var usual) ? usual : (long?)null;
        return new ProductSearchHit(stored.Id, stored.Name, stored.Slug, stored.Brand, stored.CategoryId, price, currency, stored.ImageUrl);
    }

    static StoredHit Stored(Document document) => JsonSerializer.Deserialize<StoredHit>(document.Get(LuceneFields.Stored), CommerceJson.Options)!;

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}

internal sealed record StoredHit(string Id, string Name, string Slug, string Brand, string CategoryId, IReadOnlyDictionary<string, long> Prices, string? ImageUrl);
