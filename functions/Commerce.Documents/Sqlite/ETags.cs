namespace Commerce.Documents.Sqlite;

internal static class ETags
{
    // Quoted like Cosmos DB and HTTP ETags; a fresh random value on every write.
    public static string New() => "\"" + Guid.NewGuid().ToString("N") + "\"";
}
