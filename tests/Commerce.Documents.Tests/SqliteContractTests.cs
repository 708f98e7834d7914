using Commerce.Documents.Sqlite;
using Xunit;

namespace Commerce.Documents.Tests;

/// <summary>One SQLite store in a fresh temporary folder for a whole test class.</summary>
public sealed class SqliteStoreFixture : IDisposable
{
    public SqliteStoreFixture()
    {
        DataPath = Directory.CreateTempSubdirectory("docstore-").FullName;
        Store = new SqliteDocumentStore(DataPath, sweepInterval: TimeSpan.FromSeconds(1));
    }

    public string DataPath { get; }

    public SqliteDocumentStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}

public sealed class SqliteContractTests(SqliteStoreFixture fixture) : DocumentStoreContract, IClassFixture<SqliteStoreFixture>
{
    protected override IDocumentStore Store => fixture.Store;
}
