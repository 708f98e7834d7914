namespace Commerce.Recommendations.Storage;

/// <summary>
/// What is known about a trained model without loading it. Versions sort by training time (ordinal string order).
/// </summary>
public sealed record ModelMetadata
{
    public required string Version { get; init; }

    public required string Algorithm { get; init; }

    public required DateTimeOffset TrainedAt { get; init; }

    /// <summary>The data window: first and last interaction the model learned from.</summary>
    public required DateTimeOffset DataFrom { get; init; }

    public required DateTimeOffset DataTo { get; init; }

    public long Interactions { get; init; }

    public int Products { get; init; }

    public double TrainingSeconds { get; init; }

    /// <summary>Rows (shopper × candidate) the ranker was fitted on; 0 without a ranker.</summary>
    public long RankingRows { get; init; }

    /// <summary>
    /// Why the model has no learned ranker (it serves candidates in co-occurrence order), or null when it has one.
    /// Health checks and the admin API show it: a fallback is never silent.
    /// </summary>
    public string? RankerMissing { get; init; }

    /// <summary>Validation metrics from training (e.g. <c>validation.hitRate@10</c>, <c>validation.ndcg@10</c>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}

/// <summary>A stored model: its metadata and its artifact (a zip).</summary>
public sealed record StoredModel(ModelMetadata Metadata, byte[] Artifact);

/// <summary>
/// Where trained models go and where serving finds the newest: Blob Storage in Azure, a local folder otherwise.
/// Saving makes the model the latest one only once its artifact is fully written.
/// </summary>
public interface IModelStore
{
    Task SaveAsync(ModelMetadata metadata, byte[] artifact, CancellationToken cancellationToken = default);

    /// <summary>The latest model's metadata (cheap: what serving polls), or null when none was saved yet.</summary>
    Task<ModelMetadata?> GetLatestMetadataAsync(CancellationToken cancellationToken = default);

    /// <summary>The latest model, or null when none was saved yet.</summary>
    Task<StoredModel?> LoadLatestAsync(CancellationToken cancellationToken = default);
}
