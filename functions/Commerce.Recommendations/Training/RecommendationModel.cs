using System.IO.Compression;
using System.Text.Json;
using Commerce.Primitives;
using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Storage;
using Commerce.ServiceDefaults;

namespace Commerce.Recommendations.Training;

/// <summary>
/// A trained recommendation model: item tables (co-occurrence neighbours, popularity, trending) and an optional learned
/// ranker, with its metadata. Immutable and thread-safe, so serving swaps whole instances.
/// Artifact: a zip with <c>metadata.json</c>, <c>tables.bin</c> and (when trained) <c>ranker.zip</c> (an ML.NET model).
/// </summary>
public sealed class RecommendationModel
{
    private const string MetadataEntry = "metadata.json";
    private const string TablesEntry = "tables.bin";
    private const string RankerEntry = "ranker.zip";

    /// <summary>
    /// How many co-occurrence candidates the ranker orders per request; item-kNN adds up to half as many more, and
    /// trending and popular products up to <see cref="CandidateFeatures.PopularCandidates"/> and half that.
    /// </summary>
    public const int CandidateLimit = 100;

    private readonly ItemTables _tables;
    private readonly Ranker? _ranker;

    internal RecommendationModel(ItemTables tables, Ranker? ranker, ModelMetadata metadata)
    {
        _tables = tables;
        _ranker = ranker;
        Metadata = metadata;
        Trending = [.. tables.Trending.Select(i => tables.ProductIds[i])];
    }

    public ModelMetadata Metadata { get; }

    public string Version => Metadata.Version;

    /// <summary>Products by recent popularity in the training data, highest first: the fallback computed from interactions.</summary>
    public IReadOnlyList<string> Trending { get; }

    public int ProductCount => _tables.ProductIds.Length;

    public bool HasRanker => _ranker is not null;

    internal Ranker? Ranker => _ranker;

    internal ItemTables Tables => _tables;

    /// <summary>The same tables without the learned ranker (candidates in co-occurrence order), for comparisons.</summary>
    public RecommendationModel WithoutRanker() =>
        new(_tables, null, Metadata with { Algorithm = "co-occurrence + item-kNN candidates", RankerMissing = "left out for comparison" });

    /// <summary>
    /// Up to <paramref name="count"/> products for a shopper with this history (oldest first), best first; products in the
    /// history and those <paramref name="isExcluded"/> rejects are left out. Empty when the history says nothing known.
    /// </summary>
    public IReadOnlyList<string> Recommend(IReadOnlyList<ProductInteraction> history, int count, Func<string, bool>? isExcluded = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var candidates = CandidateFeatures.Generate(_tables, CandidateFeatures.Profile(_tables, history), CandidateLimit);
        if (candidates.Count == 0)
        {
            return [];
        }

        var order = Enumerable.Range(0, candidates.Count).ToArray();
        if (_ranker is not null)
        {
            var scores = _ranker.Score(candidates);
            Array.Sort([.. scores.Select(s => -s)], order); // Stable enough: ties keep co-occurrence order within Sort's rules.
        }

        var result = new List<string>(count);
        foreach (var c in order)
        {
            var productId = _tables.ProductIds[candidates[c].Item];
            if (isExcluded?.Invoke(productId) != true)
            {
                result.Add(productId);
                if (result.Count == count)
                {
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>Products most often viewed or bought together with <paramref name="productId"/>, best first; empty if unknown.</summary>
    public IReadOnlyList<string> Related(string productId, int count, Func<string, bool>? isExcluded = null)
    {
        if (!_tables.Index.TryGetValue(productId, out var item))
        {
            return [];
        }

        var result = new List<string>(count);
        foreach (var neighbour in _tables.NeighbourIds[item])
        {
            var id = _tables.ProductIds[neighbour];
            if (isExcluded?.Invoke(id) != true)
            {
                result.Add(id);
                if (result.Count == count)
                {
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>Writes the artifact (a zip) to <paramref name="destination"/>.</summary>
    public void WriteTo(Stream destination)
    {
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        using (var entry = zip.CreateEntry(MetadataEntry).Open())
        {
            JsonSerializer.Serialize(entry, Metadata, CommerceJson.Options);
        }

        using (var entry = zip.CreateEntry(TablesEntry, CompressionLevel.Fastest).Open())
        using (var writer = new BinaryWriter(entry))
        {
            _tables.WriteTo(writer);
        }

        if (_ranker is not null)
        {
            using var entry = zip.CreateEntry(RankerEntry, CompressionLevel.NoCompression).Open();
            using var buffer = new MemoryStream(); // ML.NET wants a seekable stream.
            _ranker.Save(buffer);
            buffer.Position = 0;
            buffer.CopyTo(entry);
        }
    }

    /// <summary>The artifact as bytes.</summary>
    public byte[] ToArtifact()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Reads an artifact written by <see cref="WriteTo"/>.</summary>
    public static RecommendationModel Load(Stream source)
    {
        using var zip = new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
        ModelMetadata metadata;
        using (var entry = Open(zip, MetadataEntry))
        {
            metadata = JsonSerializer.Deserialize<ModelMetadata>(entry, CommerceJson.Options)
                ?? throw new InvalidDataException("The model's metadata is empty.");
        }

        ItemTables tables;
        using (var entry = Open(zip, TablesEntry))
        using (var reader = new BinaryReader(entry))
        {
            tables = ItemTables.ReadFrom(reader);
        }

        Ranker? ranker = null;
        if (tables.IsLegacyFormat)
        {
            // Its ranker scored the older features: serve its candidates in co-occurrence order, and say so.
            metadata = metadata with { RankerMissing = metadata.RankerMissing ?? "the artifact predates the current features, so its ranker is not used; the next training replaces it" };
        }
        else if (zip.GetEntry(RankerEntry) is { } rankerEntry)
        {
            using var entry = rankerEntry.Open();
            using var buffer = new MemoryStream();
            entry.CopyTo(buffer);
            buffer.Position = 0;
            ranker = Ranker.Load(buffer);
        }

        return new RecommendationModel(tables, ranker, metadata);
    }

    public static RecommendationModel Load(byte[] artifact)
    {
        using var stream = new MemoryStream(artifact, writable: false);
        return Load(stream);
    }

    private static Stream Open(ZipArchive zip, string name) =>
        (zip.GetEntry(name) ?? throw new InvalidDataException($"The model artifact has no {name}.")).Open();
}
