using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Training;

/// <summary>
/// The learned item tables: product index, category and brand, popularity (all-time and recent), the top neighbours of
/// every product by co-occurrence similarity, and the trending list. Immutable once built.
/// </summary>
internal sealed class ItemTables
{
    public required string[] ProductIds { get; init; }

    public required Dictionary<string, int> Index { get; init; }

    public required int[] Category { get; init; }

    public required int[] Brand { get; init; }

    public required float[] Popularity { get; init; }

    public required float[] RecentPopularity { get; init; }

    public required int[][] NeighbourIds { get; init; }

    public required float[][] NeighbourSimilarities { get; init; }

    /// <summary>Item-kNN neighbours (cosine over shoppers, see <see cref="ItemKnn"/>), best first; empty in artifacts written before them.</summary>
    public required int[][] KnnIds { get; init; }

    public required float[][] KnnSimilarities { get; init; }

    /// <summary>Product indexes by all-time popularity, highest first (at most <see cref="PopularCount"/>): popularity candidates.</summary>
    public int[] Popular => _popular ??= [.. Enumerable.Range(0, ProductIds.Length).Where(i => Popularity[i] > 0)
        .OrderByDescending(i => Popularity[i]).ThenBy(i => i).Take(PopularCount)];

    /// <summary>What sells now: recent popularity as of the end of the data, and the trending list.</summary>
    public Recency Now => _now ??= new Recency(RecentPopularity, RecentPopularity.DefaultIfEmpty().Max(), Trending);

    /// <summary>Whether the tables were written before item-kNN and the current features (an older artifact).</summary>
    public bool IsLegacyFormat { get; init; }

    private const int PopularCount = 50;
    private const int FormatMarker = -2; // Written first; older artifacts start with the (non-negative) product count.
    private int[]? _popular;
    private Recency? _now;

    /// <summary>Product indexes by recent popularity, highest first: the cold-start fallback computed from interactions.</summary>
    public required int[] Trending { get; init; }

    public int CategoryCount { get; init; }

    public int BrandCount { get; init; }

    /// <summary>
    /// Builds the tables from interactions in temporal order. Co-occurrence: each event pairs with the user's previous
    /// <paramref name="window"/> events (weight = the smaller of the two interaction weights); similarity is co-occurrence
    /// over the geometric mean of the two products' weighted popularity (cosine-like, so best-sellers don't neighbour
    /// everything). Recent popularity covers the last <paramref name="trendingDays"/> days of the data.
    /// </summary>
    public static ItemTables Build(IReadOnlyList<Interaction> interactions, IReadOnlyDictionary<string, ProductFacts>? facts, TrainingOptions options)
    {
        int window = options.CooccurrenceWindow, neighbours = options.Neighbours, trendingDays = options.TrendingDays, trendingCount = options.TrendingCount;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new List<string>();
        int IndexOf(string productId)
        {
            if (!index.TryGetValue(productId, out var i))
            {
                i = ids.Count;
                index[productId] = i;
                ids.Add(productId);
            }

            return i;
        }

        if (facts is not null)
        {
            foreach (var productId in facts.Keys.Order(StringComparer.Ordinal))
            {
                IndexOf(productId);
            }
        }

        var itemOf = new int[interactions.Count];
        for (var e = 0; e < interactions.Count; e++)
        {
            itemOf[e] = IndexOf(interactions[e].ProductId);
        }

        var n = ids.Count;
        var popularity = new float[n];
        var recent = new float[n];
        var recentFrom = interactions.Count == 0 ? DateTimeOffset.MaxValue : interactions[^1].Timestamp.AddDays(-trendingDays);
        var cooccurrence = new Dictionary<int, float>?[n];
        var recentByUser = new Dictionary<string, (int[] Items, float[] Weights, int Next, int Count)>(StringComparer.Ordinal);
        for (var e = 0; e < interactions.Count; e++)
        {
            var interaction = interactions[e];
            var item = itemOf[e];
            var weight = interaction.Weight;
            popularity[item] += weight;
            if (interaction.Timestamp >= recentFrom)
            {
                recent[item] += weight;
            }

            if (!recentByUser.TryGetValue(interaction.UserId, out var ring))
            {
                ring = (new int[window], new float[window], 0, 0);
            }

            for (var k = 0; k < ring.Count; k++)
            {
                var other = ring.Items[k];
                if (other != item)
                {
                    var w = Math.Min(weight, ring.Weights[k]);
                    Add(cooccurrence, item, other, w);
                    Add(cooccurrence, other, item, w);
                }
            }

            ring.Items[ring.Next] = item;
            ring.Weights[ring.Next] = weight;
            recentByUser[interaction.UserId] = (ring.Items, ring.Weights, (ring.Next + 1) % window, Math.Min(ring.Count + 1, window));
        }

        var neighbourIds = new int[n][];
        var neighbourSims = new float[n][];
        for (var i = 0; i < n; i++)
        {
            var row = cooccurrence[i];
            if (row is null)
            {
                neighbourIds[i] = [];
                neighbourSims[i] = [];
                continue;
            }

            var top = row
                .Select(kv => (Item: kv.Key, Similarity: kv.Value / MathF.Sqrt(popularity[i] * popularity[kv.Key])))
                .OrderByDescending(x => x.Similarity).ThenBy(x => x.Item)
                .Take(neighbours)
                .ToArray();
            neighbourIds[i] = [.. top.Select(x => x.Item)];
            neighbourSims[i] = [.. top.Select(x => x.Similarity)];
        }

        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        var brands = new Dictionary<string, int>(StringComparer.Ordinal);
        var category = new int[n];
        var brand = new int[n];
        for (var i = 0; i < n; i++)
        {
            ProductFacts? fact = null;
            facts?.TryGetValue(ids[i], out fact);
            category[i] = Intern(categories, fact?.Category);
            brand[i] = Intern(brands, fact?.Brand);
        }

        var trending = Enumerable.Range(0, n)
            .Where(i => popularity[i] > 0)
            .OrderByDescending(i => recent[i]).ThenByDescending(i => popularity[i]).ThenBy(i => i)
            .Take(trendingCount)
            .ToArray();
        var (knnIds, knnSims) = ItemKnn.Build(interactions, itemOf, n, options.KnnNeighbours);

        return new ItemTables
        {
            ProductIds = [.. ids],
            Index = index,
            Category = category,
            Brand = brand,
            Popularity = popularity,
            RecentPopularity = recent,
            NeighbourIds = neighbourIds,
            NeighbourSimilarities = neighbourSims,
            KnnIds = knnIds,
            KnnSimilarities = knnSims,
            Trending = trending,
            CategoryCount = categories.Count,
            BrandCount = brands.Count,
        };
    }

    private static void Add(Dictionary<int, float>?[] matrix, int row, int column, float weight)
    {
        var entries = matrix[row] ??= [];
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(entries, column, out _) += weight;
    }

    private static int Intern(Dictionary<string, int> names, string? name)
    {
        if (name is null)
        {
            return -1;
        }

        if (!names.TryGetValue(name, out var i))
        {
            i = names.Count;
            names[name] = i;
        }

        return i;
    }

    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatMarker);
        writer.Write(ProductIds.Length);
        writer.Write(CategoryCount);
        writer.Write(BrandCount);
        for (var i = 0; i < ProductIds.Length; i++)
        {
            writer.Write(ProductIds[i]);
            writer.Write(Category[i]);
            writer.Write(Brand[i]);
            writer.Write(Popularity[i]);
            writer.Write(RecentPopularity[i]);
            WriteNeighbours(writer, NeighbourIds[i], NeighbourSimilarities[i]);
            WriteNeighbours(writer, KnnIds[i], KnnSimilarities[i]);
        }

        writer.Write(Trending.Length);
        foreach (var t in Trending)
        {
            writer.Write(t);
        }
    }

    private static void WriteNeighbours(BinaryWriter writer, int[] ids, float[] similarities)
    {
        writer.Write(ids.Length);
        for (var k = 0; k < ids.Length; k++)
        {
            writer.Write(ids[k]);
            writer.Write(similarities[k]);
        }
    }

    private static (int[] Ids, float[] Similarities) ReadNeighbours(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var (ids, similarities) = (new int[count], new float[count]);
        for (var k = 0; k < count; k++)
        {
            ids[k] = reader.ReadInt32();
            similarities[k] = reader.ReadSingle();
        }

        return (ids, similarities);
    }

    public static ItemTables ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var n = reader.ReadInt32();
        var legacy = n != FormatMarker;
        n = legacy ? n : reader.ReadInt32();
        int categoryCount = reader.ReadInt32(), brandCount = reader.ReadInt32();
        var ids = new string[n];
        var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        int[] category = new int[n], brand = new int[n];
        float[] popularity = new float[n], recent = new float[n];
        var neighbourIds = new int[n][];
        var neighbourSims = new float[n][];
        var knnIds = new int[n][];
        var knnSims = new float[n][];
        for (var i = 0; i < n; i++)
        {
            ids[i] = reader.ReadString();
            index[ids[i]] = i;
            category[i] = reader.ReadInt32();
            brand[i] = reader.ReadInt32();
            popularity[i] = reader.ReadSingle();
            recent[i] = reader.ReadSingle();
            (neighbourIds[i], neighbourSims[i]) = ReadNeighbours(reader);
            (knnIds[i], knnSims[i]) = legacy ? ([], []) : ReadNeighbours(reader);
        }

        var trending = new int[reader.ReadInt32()];
        for (var t = 0; t < trending.Length; t++)
        {
            trending[t] = reader.ReadInt32();
        }

        return new ItemTables
        {
            ProductIds = ids, Index = index, Category = category, Brand = brand, Popularity = popularity,
            RecentPopularity = recent, NeighbourIds = neighbourIds, NeighbourSimilarities = neighbourSims, KnnIds = knnIds,
            KnnSimilarities = knnSims, Trending = trending, CategoryCount = categoryCount, BrandCount = brandCount, IsLegacyFormat = legacy,
        };
    }
}
