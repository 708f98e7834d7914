namespace Commerce.ServiceDefaults;

/// <summary>
/// Whether this app runs in Azure: App Service (and so Azure Functions) sets <c>WEBSITE_INSTANCE_ID</c> and
/// <c>WEBSITE_SITE_NAME</c>. Test doubles and local transports are chosen by explicit local configuration only, and an
/// app that runs in Azure refuses to start with one.
/// </summary>
public static class AzureHosting
{
    static readonly string[] Markers = ["WEBSITE_INSTANCE_ID", "WEBSITE_SITE_NAME"];

    /// <summary>The first Azure marker set in <paramref name="configuration"/> (its name, for the refusal to quote); null outside Azure.</summary>
    public static string? Marker(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Markers.FirstOrDefault(m => !string.IsNullOrEmpty(configuration[m]));
    }
}
