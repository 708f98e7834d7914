using System.Text.Json;
using System.Text.RegularExpressions;

namespace Commerce.Infra.Tests;

/// <summary>
/// The security rules the infrastructure must keep, as functions from an expanded deployment to the list of
/// violations (empty when compliant). Tests assert the list is empty for the real templates, and that it is not
/// when one property is flipped, so a rule that can never fail would be noticed.
/// </summary>
public static partial class Policies
{
    public const string StorageAccounts = "Microsoft.Storage/storageAccounts";
    public const string BlobContainers = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string Queues = "Microsoft.Storage/storageAccounts/queueServices/queues";
    public const string CosmosAccounts = "Microsoft.DocumentDB/databaseAccounts";
    public const string CosmosDatabases = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases";
    public const string CosmosContainers = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";
    public const string CosmosRoleAssignments = "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments";
    public const string SearchServices = "Microsoft.Search/searchServices";
    public const string EventHubNamespaces = "Microsoft.EventHub/namespaces";
    public const string EventHubs = "Microsoft.EventHub/namespaces/eventhubs";
    public const string ConsumerGroups = "Microsoft.EventHub/namespaces/eventhubs/consumergroups";
    public const string AppInsights = "Microsoft.Insights/components";
    public const string LogAnalytics = "Microsoft.OperationalInsights/workspaces";
    public const string Sites = "Microsoft.Web/sites";
    public const string SiteConfig = "Microsoft.Web/sites/config";
    public const string PublishingPolicies = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";
    public const string Plans = "Microsoft.Web/serverfarms";
    public const string RoleAssignments = "Microsoft.Authorization/roleAssignments";
    public const string VirtualNetworks = "Microsoft.Network/virtualNetworks";
    public const string KeyVaults = "Microsoft.KeyVault/vaults";
    public const string KeyVaultSecrets = "Microsoft.KeyVault/vaults/secrets";

    /// <summary>Key Vault Secrets User: reads secret values, nothing else.</summary>
    public const string KeyVaultSecretsUserRole = "4633458b-17de-408a-b874-0445c86b69e6";

    public static readonly string[] ServiceNames = ["catalog", "cart", "orders", "analytics", "pricing", "replenishment"];

    /// <summary>Strings that only appear where a key or SAS secret is being handled.</summary>
    public static readonly string[] SecretMarkers = ["AccountKey", "SharedAccessKey", "listKeys(", "listConnectionStrings(", "listAccountSas(", "listServiceSas(", "primaryMasterKey", "primaryKey"];

    public static IEnumerable<ArmResource> OfType(this IEnumerable<ArmResource> resources, string type) =>
        resources.Where(r => r.Is(type));

    public static IEnumerable<string> Storage(IReadOnlyList<ArmResource> resources)
    {
        var accounts = resources.OfType(StorageAccounts).ToList();
        if (accounts.Count == 0)
        {
            yield return "no storage account";
        }

        foreach (var a in accounts)
        {
            if (a["properties.allowSharedKeyAccess"] is not false)
            {
                yield return $"{a}: allowSharedKeyAccess must be false";
            }

            if (a["properties.allowBlobPublicAccess"] is not false)
            {
                yield return $"{a}: allowBlobPublicAccess must be false";
            }

            if (a["properties.minimumTlsVersion"] is not "TLS1_2")
            {
                yield return $"{a}: minimumTlsVersion must be TLS1_2";
            }

            if (a["properties.supportsHttpsTrafficOnly"] is not true)
            {
                yield return $"{a}: supportsHttpsTrafficOnly must be true";
            }
        }

        foreach (var c in resources.OfType(BlobContainers))
        {
            if (c["properties.publicAccess"] is not (null or "None"))
            {
                yield return $"{c}: containers must not be public";
            }
        }
    }

    public static IEnumerable<string> LocalAuth(IReadOnlyList<ArmResource> resources)
    {
        foreach (var (type, path) in new[]
        {
            (CosmosAccounts, "properties.disableLocalAuth"),
            (SearchServices, "properties.disableLocalAuth"),
            (EventHubNamespaces, "properties.disableLocalAuth"),
            (AppInsights, "properties.DisableLocalAuth"),
            (LogAnalytics, "properties.features.disableLocalAuth"),
        })
        {
            var found = resources.OfType(type).ToList();
            if (found.Count == 0)
            {
                yield return $"no {type}";
            }

            foreach (var r in found.Where(r => r[path] is not true))
            {
                yield return $"{r}: {path} must be true";
            }
        }

        foreach (var s in resources.OfType(SearchServices).Where(s => s["properties.authOptions"] is not null))
        {
            yield return $"{s}: authOptions re-enables API keys; leave it out";
        }

        foreach (var c in resources.OfType(CosmosAccounts).Where(c => c["properties.disableKeyBasedMetadataWriteAccess"] is not true))
        {
            yield return $"{c}: disableKeyBasedMetadataWriteAccess must be true";
        }
    }

    public static IEnumerable<string> FunctionApps(IReadOnlyList<ArmResource> resources)
    {
        var sites = resources.OfType(Sites).ToList();
        if (sites.Count == 0)
        {
            yield return "no function app";
        }

        foreach (var site in sites)
        {
            var planName = NameOf(site["properties.serverFarmId"]);
            var plan = resources.OfType(Plans).SingleOrDefault(p => NameOf(p.Name) == planName);
            if (plan is null || plan["sku.name"] is not "FC1" || plan["sku.tier"] is not "FlexConsumption")
            {
                yield return $"{site}: must run on a Flex Consumption (FC1) plan";
            }

            if (!(site["kind"] as string ?? "").Contains("functionapp", StringComparison.Ordinal))
            {
                yield return $"{site}: kind must be a function app";
            }

            if (site["identity.type"] is not "UserAssigned" || site["identity.userAssignedIdentities"] is not Dictionary<string, object?> { Count: 1 })
            {
                yield return $"{site}: must run as exactly one user-assigned managed identity";
            }

            if (site["properties.httpsOnly"] is not true)
            {
                yield return $"{site}: httpsOnly must be true";
            }

            if (site["properties.siteConfig.minTlsVersion"] is not "1.2")
            {
                yield return $"{site}: minTlsVersion must be 1.2";
            }

            if (site["properties.siteConfig.ftpsState"] is not "Disabled")
            {
                yield return $"{site}: FTPS must be disabled";
            }

            if (site["properties.functionAppConfig.runtime.name"] is not "dotnet-isolated" || site["properties.functionAppConfig.runtime.version"] is not "10.0")
            {
                yield return $"{site}: runtime must be dotnet-isolated 10.0";
            }

            if (site["properties.functionAppConfig.deployment.storage.authentication.type"] is not "UserAssignedIdentity")
            {
                yield return $"{site}: the deployment container must be reached with the app's identity";
            }

            var tag = site["tags.azd-service-name"];
            if (tag is not string service || !ServiceNames.Contains(service))
            {
                yield return $"{site}: azd-service-name tag '{tag}' is not one of {string.Join(", ", ServiceNames)}";
            }

            foreach (var kind in new[] { "ftp", "scm" })
            {
                var policy = resources.OfType(PublishingPolicies).SingleOrDefault(p => Equals(p.Name, $"{site.Name}/{kind}"));
                if (policy?["properties.allow"] is not false)
                {
                    yield return $"{site}: basic-auth {kind} publishing must be off";
                }
            }
        }
    }

    /// <summary>Every app setting is identity-based: no keys, no key-bearing connection strings, and every connection names its credential and identity.</summary>
    public static IEnumerable<string> AppSettings(IReadOnlyList<ArmResource> resources)
    {
        var configs = resources.OfType(SiteConfig).Where(c => NameOf(c.Name) == "appsettings").ToList();
        if (configs.Count == 0)
        {
            yield return "no app settings";
        }

        foreach (var config in configs)
        {
            var raw = config.Raw.GetRawText();
            foreach (var marker in SecretMarkers.Where(m => raw.Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"{config}: app settings mention {marker}";
            }

            var settings = config.Properties;
            foreach (var (name, value) in settings)
            {
                var text = value?.ToString() ?? "";
                foreach (var marker in SecretMarkers.Where(m => name.Contains(m, StringComparison.OrdinalIgnoreCase) || text.Contains(m, StringComparison.OrdinalIgnoreCase)))
                {
                    yield return $"{config}: setting {name} mentions {marker}";
                }

                if (name.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) && name != "APPLICATIONINSIGHTS_CONNECTION_STRING")
                {
                    yield return $"{config}: {name} is a connection string; use identity-based settings";
                }

                if (name.Equals("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"{config}: AzureWebJobsStorage must be identity-based (AzureWebJobsStorage__*)";
                }

                if (name is "FUNCTIONS_WORKER_RUNTIME" or "FUNCTIONS_EXTENSION_VERSION" or "WEBSITE_RUN_FROM_PACKAGE" or "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")
                {
                    yield return $"{config}: {name} is not allowed on Flex Consumption";
                }
            }

            // Every connection section that names a service endpoint carries credential=managedidentity and a clientId
            // (a section may be nested: Pricing__AppliedPriceQueue__serviceUri is the section Pricing__AppliedPriceQueue).
            var sections = settings.Keys
                .Where(k => ServiceEndpointSetting().IsMatch(k))
                .Select(k => k[..k.LastIndexOf("__", StringComparison.Ordinal)])
                .Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var section in sections)
            {
                if (!Equals(settings.GetValueOrDefault($"{section}__credential"), "managedidentity"))
                {
                    yield return $"{config}: {section}__credential must be managedidentity";
                }

                if (settings.GetValueOrDefault($"{section}__clientId") is not Unknown { Origin: var origin } || !origin.EndsWith(".outputs.clientId.value", StringComparison.Ordinal))
                {
                    yield return $"{config}: {section}__clientId must be the app identity's client id";
                }
            }

            if (settings.GetValueOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING") is not Unknown { Origin: var auth } || !auth.Contains("Authorization=AAD", StringComparison.Ordinal))
            {
                yield return $"{config}: telemetry must authenticate with Entra ID (APPLICATIONINSIGHTS_AUTHENTICATION_STRING)";
            }
        }
    }

    /// <summary>Browser origins (CORS) are explicit https origins: never a wildcard, never credentials.</summary>
    public static IEnumerable<string> Cors(IReadOnlyList<ArmResource> resources)
    {
        foreach (var site in resources.OfType(Sites))
        {
            if (site["properties.siteConfig.cors.allowedOrigins"] is not List<object?> origins)
            {
                yield return $"{site}: CORS must be set (an empty list for no browser origins)";
                continue;
            }

            foreach (var origin in origins.Select(o => o as string ?? $"{o}"))
            {
                if (origin.Contains('*', StringComparison.Ordinal) || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.AbsolutePath != "/")
                {
                    yield return $"{site}: CORS origin '{origin}' must be an https origin, not a wildcard";
                }
            }

            if (site["properties.siteConfig.cors.supportCredentials"] is true)
            {
                yield return $"{site}: CORS must not allow credentials";
            }
        }
    }

    /// <summary>
    /// Vaults use RBAC (no access policies), keep deleted secrets (soft delete, purge protection), and grant nothing but
    /// Key Vault Secrets User, and that only to the orders app's identity.
    /// </summary>
    public static IEnumerable<string> Vaults(IReadOnlyList<ArmResource> resources)
    {
        var vaults = resources.OfType(KeyVaults).ToList();
        if (vaults.Count == 0)
        {
            yield return "no key vault";
        }

        foreach (var v in vaults)
        {
            foreach (var (path, expected) in new[] { ("properties.enableRbacAuthorization", true), ("properties.enablePurgeProtection", true), ("properties.enableSoftDelete", true) })
            {
                if (!Equals(v[path], expected))
                {
                    yield return $"{v}: {path} must be {expected}";
                }
            }

            if (v["properties.accessPolicies"] is List<object?> { Count: > 0 })
            {
                yield return $"{v}: access policies bypass RBAC; leave them out";
            }
        }

        foreach (var a in resources.OfType(RoleAssignments).Where(a => ScopeType(a).EndsWith("/vaults", StringComparison.Ordinal)))
        {
            if (NameOf(a["properties.roleDefinitionId"]) != KeyVaultSecretsUserRole)
            {
                yield return $"{a}: the only role on a vault is Key Vault Secrets User";
            }

            if (a["properties.principalId"] is not Unknown { Origin: var origin } || !origin.Contains("identity-orders", StringComparison.Ordinal))
            {
                yield return $"{a}: only the orders identity reads the vault (got {a["properties.principalId"]})";
            }
        }
    }

    /// <summary>
    /// Settings named like a secret (a key, a secret, a password) hold Key Vault references, never values; and no app
    /// deployed to Azure is told to take payments through the simulated provider.
    /// </summary>
    public static IEnumerable<string> SecretSettings(IReadOnlyList<ArmResource> resources)
    {
        foreach (var config in resources.OfType(SiteConfig).Where(c => NameOf(c.Name) == "appsettings"))
        {
            foreach (var (name, value) in config.Properties.Where(p => SecretName().IsMatch(p.Key.Replace("credential", "", StringComparison.OrdinalIgnoreCase))))
            {
                var reference = value switch
                {
                    Unknown u => u.Origin.Contains("/deployments/keyvault).outputs.references.", StringComparison.Ordinal),
                    string text => text.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal),
                    _ => false,
                };
                if (!reference)
                {
                    yield return $"{config}: {name} holds a secret; it must be a Key Vault reference (got {value})";
                }
            }

            if (config.Properties.TryGetValue("Payments__Provider", out var provider) && !Equals(provider, "Stripe"))
            {
                yield return $"{config}: Payments__Provider is {provider}; an app in Azure takes real payments (Stripe)";
            }
        }
    }

    /// <summary>No secret in the template's text, and no output that is secure-typed or named like a key.</summary>
    public static IEnumerable<string> Secrets(JsonElement template)
    {
        var text = template.GetRawText();
        foreach (var marker in new[] { "listKeys(", "listConnectionStrings(", "listAccountSas(", "listServiceSas(", "AccountKey=", "SharedAccessKey=" }
                     .Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"the template uses {marker}";
        }

        foreach (var (where, outputs) in Templates(template, "main").Where(t => t.Template.TryGetProperty("outputs", out _)).Select(t => (t.Where, t.Template.GetProperty("outputs"))))
        {
            foreach (var output in outputs.EnumerateObject())
            {
                var type = output.Value.GetProperty("type").GetString() ?? "";
                if (type.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"{where}: output {output.Name} is {type}";
                }

                if (SecretName().IsMatch(output.Name))
                {
                    yield return $"{where}: output {output.Name} is named like a secret";
                }
            }
        }
    }

    /// <summary>The template and every nested (module) template in it, with where each sits.</summary>
    public static IEnumerable<(string Where, JsonElement Template)> Templates(JsonElement template, string where)
    {
        yield return (where, template);
        var resources = template.GetProperty("resources");
        var declarations = resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray().ToList() : resources.EnumerateObject().Select(p => p.Value).ToList();
        foreach (var r in declarations.Where(r => r.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("template", out _)))
        {
            foreach (var nested in Templates(r.GetProperty("properties").GetProperty("template"), $"{where}/{r.GetProperty("name").GetString()}"))
            {
                yield return nested;
            }
        }
    }

    /// <summary>Role assignment names are <c>guid(scope, principal, role)</c>: stable across deployments, one per data path.</summary>
    public static IEnumerable<string> RoleAssignmentNames(IReadOnlyList<ArmResource> resources)
    {
        var assignments = resources.Where(r => r.Is(RoleAssignments) || r.Is(CosmosRoleAssignments)).ToList();
        if (assignments.Count == 0)
        {
            yield return "no role assignment";
        }

        foreach (var a in assignments)
        {
            var raw = a.Raw.GetProperty("name").GetString() ?? "";
            var start = raw.IndexOf("guid(", StringComparison.Ordinal);
            var args = start < 0 ? [] : SplitArguments(raw, start + "guid(".Length);
            var scopeType = a.Is(CosmosRoleAssignments) ? CosmosAccounts : ScopeType(a);
            if (args.Count != 3
                || !args[0].Contains($"'{scopeType}'", StringComparison.OrdinalIgnoreCase)
                || !args[1].Contains("principalId", StringComparison.OrdinalIgnoreCase)
                || !args[2].Contains("role", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{a}: name {raw} is not guid(<{scopeType} id>, principalId, roleId)";
            }
        }
    }

    /// <summary>Who a role assignment is for: an app ("catalog", ...), "edge", "developer", or the literal principal id.</summary>
    public static string PrincipalOf(ArmResource assignment) => assignment["properties.principalId"] switch
    {
        InfraTemplate.DeveloperPrincipalId => "developer",
        Unknown u when IdentityModule().Match(u.Origin) is { Success: true } m => m.Groups[1].Value,
        Unknown u when u.Origin.Contains("deployments/edge)", StringComparison.Ordinal) => "edge",
        string id => id,
        var other => throw new InvalidOperationException($"{assignment}: unexpected principal {other}"),
    };

    /// <summary>
    /// What a data role covers: (kind, name), e.g. ("containers", "models"), ("queues", "returns"), ("colls", "carts"),
    /// ("storageAccounts", "durable" (the orders task hub) | "durable-pricing" | "data" | an app's runtime account), ("databaseAccounts", "account").
    /// </summary>
    public static (string Kind, string Name) ScopeOf(ArmResource assignment)
    {
        if (assignment.Is(CosmosRoleAssignments))
        {
            var scope = assignment["properties.scope"] is Unknown u ? u.Origin : $"{assignment["properties.scope"]}";
            return scope.Contains("/colls/", StringComparison.Ordinal) ? ("colls", NameOf(scope)!) : ("databaseAccounts", "account");
        }

        var kind = ScopeType(assignment).Split('/')[^1];
        var text = $"{assignment["scope"]}";
        return kind switch
        {
            "storageAccounts" when DurableModule().Match(text) is { Success: true } m => (kind, m.Groups[1].Success ? $"durable-{m.Groups[1].Value}" : "durable"),
            "storageAccounts" when StorageModule().Match(text) is { Success: true } m => (kind, m.Groups[1].Value),
            "storageAccounts" => (kind, "data"),
            "components" => (kind, "insights"),
            "searchServices" => (kind, "search"),
            "vaults" => (kind, "vault"),
            "eventhubs" => (kind, "clickstream"),
            _ => (kind, NameOf(text)!),
        };
    }

    /// <summary>
    /// Least privilege: no app and not the edge holds a data role over a whole storage or Cosmos DB account. Storage roles
    /// name a container or a queue; Cosmos roles name a container (the account scope carries only the metadata reader).
    /// The account-wide grants allowed are an app's on an account that holds nothing but that app's task hub: orders'
    /// (<c>stdt&lt;token&gt;</c>) and pricing's (<c>stdtpricing&lt;token&gt;</c>).
    /// </summary>
    public static IEnumerable<string> LeastPrivilege(IReadOnlyList<ArmResource> resources)
    {
        foreach (var a in resources.Where(r => r.Is(RoleAssignments) || r.Is(CosmosRoleAssignments)))
        {
            var principal = PrincipalOf(a);
            if (!ServiceNames.Contains(principal) && principal != "edge")
            {
                continue;
            }

            var (kind, name) = ScopeOf(a);
            var role = a["properties.roleDefinitionId"] is Unknown u ? u.Origin : $"{a["properties.roleDefinitionId"]}";
            if (kind == "storageAccounts" && !(principal == "orders" && name == "durable") && name != $"durable-{principal}")
            {
                yield return $"{a}: {principal} holds {NameOf(role)} on the whole {name} storage account; scope it to a container or queue";
            }

            if (kind == "databaseAccounts" && !role.Contains("metadataReaderRoleId", StringComparison.Ordinal))
            {
                yield return $"{a}: {principal} holds {NameOf(role)} on the whole Cosmos DB account; scope it to a container";
            }
        }
    }

    [GeneratedRegex(@"deployments/identity-(\w+)\)\.outputs\.principalId")]
    private static partial Regex IdentityModule();

    [GeneratedRegex(@"deployments\|storage-durable(?:-(\w+))?\)")]
    private static partial Regex DurableModule();

    [GeneratedRegex(@"deployments\|storage-(\w+)\)")]
    private static partial Regex StorageModule();

    /// <summary>The resource type of a role assignment's scope (from its evaluated <c>scope</c>, e.g. <c>Microsoft.Storage/storageAccounts/st1</c>).</summary>
    public static string ScopeType(ArmResource assignment)
    {
        var scope = assignment["scope"] as string ?? throw new InvalidOperationException($"{assignment} has no scope");
        var segments = scope.Trim('/').Split('/');
        var providers = Array.LastIndexOf(segments, "providers");
        if (providers >= 0)
        {
            segments = segments[(providers + 1)..];
        }

        // namespace/type/name[/type/name]...
        return string.Join('/', new[] { segments[0] }.Concat(segments.Skip(1).Where((_, i) => i % 2 == 0)));
    }

    /// <summary>The trailing name segment of a resource id or a parent/child name.</summary>
    public static string? NameOf(object? value) => value is string s ? s.TrimEnd('/').Split('/')[^1] : null;

    private static List<string> SplitArguments(string text, int from)
    {
        var args = new List<string>();
        var depth = 0;
        var inString = false;
        var current = from;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                inString = !inString;
            }
            else if (!inString && c == '(')
            {
                depth++;
            }
            else if (!inString && c == ')')
            {
                if (depth == 0)
                {
                    args.Add(text[current..i].Trim());
                    return args;
                }

                depth--;
            }
            else if (!inString && c == ',' && depth == 0)
            {
                args.Add(text[current..i].Trim());
                current = i + 1;
            }
        }

        return args;
    }

    [GeneratedRegex(@"__(fullyQualifiedNamespace|accountEndpoint|serviceUri|blobServiceUri|queueServiceUri|tableServiceUri|endpoint)$", RegexOptions.IgnoreCase)]
    private static partial Regex ServiceEndpointSetting();

    [GeneratedRegex("key|secret|password|sas|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
