namespace Commerce.Documents.Cosmos;

/// <summary>
/// Connection settings of the Cosmos DB adapter, bound from the <c>CosmosDb</c> configuration section.
/// In Azure set <see cref="AccountEndpoint"/> (and <see cref="ClientId"/> for a user-assigned managed identity): no keys.
/// <see cref="ConnectionString"/> is for the local emulator only.
/// </summary>
public sealed class CosmosDbOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "CosmosDb";

    /// <summary>Account endpoint, e.g. <c>https://myaccount.documents.azure.com:443/</c>; authenticates with Entra ID.</summary>
    public string? AccountEndpoint { get; set; }

    /// <summary>Client id of a user-assigned managed identity; when empty, <c>DefaultAzureCredential</c> is used.</summary>
    public string? ClientId { get; set; }

    /// <summary>Key-based connection string; for a local emulator only.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Database holding the containers; created if missing (where the identity may).</summary>
    public string DatabaseName { get; set; } = "commerce";

    /// <summary>Accepts the emulator's self-signed certificate; allowed only for a loopback endpoint.</summary>
    public bool AllowInsecureEmulatorCertificate { get; set; }

    /// <summary>The endpoint the client talks to, from <see cref="AccountEndpoint"/> or the connection string.</summary>
    public Uri? ResolveEndpoint()
    {
        if (!string.IsNullOrWhiteSpace(AccountEndpoint))
        {
            return Uri.TryCreate(AccountEndpoint, UriKind.Absolute, out var endpoint) ? endpoint : null;
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            return null;
        }

        foreach (var part in ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0
                && part[..equals].Trim().Equals("AccountEndpoint", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(part[(equals + 1)..].Trim(), UriKind.Absolute, out var endpoint))
            {
                return endpoint;
            }
        }

        return null;
    }

    /// <summary>Checks the settings; returns the problems found (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var hasEndpoint = !string.IsNullOrWhiteSpace(AccountEndpoint);
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasEndpoint == hasConnectionString)
        {
            problems.Add("Set exactly one of CosmosDb:AccountEndpoint (Azure, identity-based) or CosmosDb:ConnectionString (local emulator).");
        }

        var endpoint = ResolveEndpoint();
        if ((hasEndpoint || hasConnectionString) && endpoint is null)
        {
            problems.Add("The Cosmos DB endpoint is not an absolute URI.");
        }

        if (string.IsNullOrWhiteSpace(DatabaseName))
        {
            problems.Add("CosmosDb:DatabaseName must not be empty.");
        }

        if (AllowInsecureEmulatorCertificate && endpoint is not null && !endpoint.IsLoopback)
        {
            problems.Add("CosmosDb:AllowInsecureEmulatorCertificate is for a local emulator only; the endpoint is not a loopback address.");
        }

        return problems;
    }
}
