using System.ComponentModel.DataAnnotations;

namespace Commerce.Documents;

/// <summary>Settings of the document store, bound from the <c>Documents</c> configuration section.</summary>
public sealed class DocumentsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Documents";

    /// <summary>Provider name for the Azure Cosmos DB adapter.</summary>
    public const string CosmosProvider = "Cosmos";

    /// <summary>Provider name for the embedded SQLite adapter.</summary>
    public const string SqliteProvider = "Sqlite";

    /// <summary>
    /// <c>Cosmos</c> or <c>Sqlite</c>. When empty, Cosmos is used if a <c>CosmosDb</c> endpoint or connection string
    /// is configured, else SQLite.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>
    /// Folder holding the embedded store's SQLite file (<c>documents.db</c>). Empty: <c>documents</c> in the apps' one
    /// data folder (<see cref="LocalDataFolder"/>); relative paths are taken from the repository root.
    /// </summary>
    public string? DataPath { get; set; }

    /// <summary>How often the embedded store physically deletes expired documents (they are invisible from the moment they expire).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
