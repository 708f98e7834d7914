using Commerce.Recommendations.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Commerce.Recommendations.Serving;

/// <summary>
/// What this instance serves: which part answers personal recommendations (<see cref="RecommendationAnswer"/>), a
/// warning when that is a fallback (no model, or a model without its ranker, with the reason), and the model's metadata.
/// The catalog health check and the admin API both show it, so a fallback is never silent.
/// </summary>
public sealed record ModelStatus(string AnsweredBy, bool HasRanker, string? Warning, ModelMetadata? Model)
{
    public static ModelStatus Of(RecommendationModelHolder models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return models.Current switch
        {
            null => new(RecommendationAnswer.Trending, false, "No recommendation model is loaded yet: trending answers every request.", null),
            { HasRanker: true } model => new(RecommendationAnswer.Model, true, null, model.Metadata),
            var model => new(
                RecommendationAnswer.Cooccurrence, false,
                $"Model {model.Version} has no ranker ({model.Metadata.RankerMissing ?? "reason not recorded"}): candidates are served in co-occurrence order.",
                model.Metadata),
        };
    }
}

/// <summary>
/// Health of the served model: Healthy with its ranker, Degraded (still 200: requests are answered) when serving falls
/// back to co-occurrence order or trending, with the reason.
/// </summary>
public sealed class RecommendationModelHealthCheck(RecommendationModelHolder models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = ModelStatus.Of(models);
        return Task.FromResult(status.Warning is { } warning
            ? HealthCheckResult.Degraded(warning)
            : HealthCheckResult.Healthy($"Model {status.Model!.Version}: ranker trained on {status.Model.RankingRows} rows."));
    }
}
