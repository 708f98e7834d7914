using Commerce.Recommendations.Training;

namespace Commerce.Recommendations.Serving;

/// <summary>
/// The model serving uses right now. Models are immutable, so a swap is one atomic reference exchange: a request reads
/// <see cref="Current"/> once and finishes on that model while the next request already sees the new one.
/// </summary>
public sealed class RecommendationModelHolder
{
    private RecommendationModel? _current;

    /// <summary>The current model, or null before the first one is loaded.</summary>
    public RecommendationModel? Current => Volatile.Read(ref _current);

    /// <summary>Makes <paramref name="model"/> current; returns the one it replaced.</summary>
    public RecommendationModel? Swap(RecommendationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Interlocked.Exchange(ref _current, model);
    }
}
