using System.ComponentModel.DataAnnotations;
using Commerce.Recommendations.Training;

namespace Commerce.Recommendations;

/// <summary>Section <c>Recommendations</c>.</summary>
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
}
