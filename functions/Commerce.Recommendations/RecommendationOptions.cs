using System.ComponentModel.DataAnnotations;
using Commerce.Recommendations.Training;

namespace Commerce.Recommendations;

/// <summary>
/// Section <c>Recommendations</c>. The analytics app's timers read their schedules from
/// <c>Recommendations:TrainingSchedule</c> (training) and <c>Recommendations:TrendingSchedule</c> (trending list),
/// six-field cron expressions.
/// </summary>
public sealed class RecommendationOptions
{
    public const string Section = "Recommendations";

    /// <summary>Blob container for models (when a blob connection or service URI is configured).</summary>
    [Required]
    public string Container { get; set; } = "models";

    /// <summary>Connection string for model blobs (Azurite or keys); when empty, <see cref="BlobServiceUri"/> with managed identity.</summary>
    public string? BlobConnectionString { get; set; }

    public Uri? BlobServiceUri { get; set; }

    /// <summary>Managed identity client id for <see cref="BlobServiceUri"/> (user-assigned identity).</summary>
    public string? ClientId { get; set; }

    /// <summary>The embedded store's folder, used when no blob storage is configured.</summary>
    public string LocalFolder { get; set; } = Path.Combine(Path.GetTempPath(), "commerce-models");

    /// <summary>How often serving looks for a newer model.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TrainingOptions Training { get; set; } = new();

    /// <summary>Days of interactions training reads (and the interaction log keeps).</summary>
    [Range(1, 365)]
    public int DataDays { get; set; } = 30;

    /// <summary>Training is skipped (the current model stays) while the data window holds fewer interactions.</summary>
    [Range(1, int.MaxValue)]
    public int MinTrainingInteractions { get; set; } = 1_000;

    /// <summary>Hours of analytics aggregates the trending list is computed from.</summary>
    [Range(1, 24 * 30)]
    public int TrendingHours { get; set; } = 24;
}
