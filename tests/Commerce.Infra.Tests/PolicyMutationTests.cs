namespace Commerce.Infra.Tests;

/// <summary>
/// The policies can fail: copy infra/ aside, flip one property in the Bicep, compile, and the matching policy
/// must report it. A policy that stayed silent here would be guarding nothing.
/// </summary>
public sealed class PolicyMutationTests : IDisposable
{
    private readonly string _copy = Directory.CreateTempSubdirectory("commerce-infra-").FullName;

    public PolicyMutationTests()
    {
        foreach (var file in Directory.GetFiles(Bicep.InfraDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_copy, Path.GetRelativePath(Bicep.InfraDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public static TheoryData<string, string, string, string, string> Mutations => new()
    {
        { "modules/storage.bicep", "allowSharedKeyAccess: false", "allowSharedKeyAccess: true", "storage", "allowSharedKeyAccess" },
        { "modules/storage.bicep", "allowBlobPublicAccess: false", "allowBlobPublicAccess: true", "storage", "allowBlobPublicAccess" },
        { "modules/storage.bicep", "minimumTlsVersion: 'TLS1_2'", "minimumTlsVersion: 'TLS1_0'", "storage", "minimumTlsVersion" },
        { "modules/cosmos.bicep", "disableLocalAuth: true", "disableLocalAuth: false", "localAuth", "databaseAccounts" },
        { "modules/eventhubs.bicep", "disableLocalAuth: true", "disableLocalAuth: false", "localAuth", "namespaces" },
        { "modules/search.bicep", "disableLocalAuth: true", "disableLocalAuth: false", "localAuth", "searchServices" },
        { "modules/monitoring.bicep", "DisableLocalAuth: true", "DisableLocalAuth: false", "localAuth", "components" },
        { "app/function-app.bicep", "httpsOnly: true", "httpsOnly: false", "apps", "httpsOnly" },
        { "app/function-app.bicep", "ftpsState: 'Disabled'", "ftpsState: 'AllAllowed'", "apps", "FTPS" },
        { "app/function-app.bicep", "name: 'FC1'", "name: 'Y1'", "apps", "Flex Consumption" },
        { "app/function-app.bicep", "type: 'UserAssigned'", "type: 'SystemAssigned, UserAssigned'", "apps", "user-assigned" },
        { "app/function-app.bicep", "AzureWebJobsStorage__credential: 'managedidentity'", "AzureWebJobsStorage__credential: 'AccountKey'", "settings", "AzureWebJobsStorage__credential" },
        { "main.bicep", "CosmosDb__clientId: identities[i].outputs.clientId", "CosmosDb__connectionString: 'AccountEndpoint=x;AccountKey=y'", "settings", "AccountKey" },
        { "modules/rbac/storage-roles.bicep", "guid(storage.id, principalId, roleId)", "guid(storage.id, roleId)", "roles", "guid(" },
        { "modules/monitoring.bicep", "output logAnalyticsName string", "output workspaceKey string", "secrets", "workspaceKey" },
        { "modules/keyvault.bicep", "enableRbacAuthorization: true", "enableRbacAuthorization: false", "vaults", "enableRbacAuthorization" },
        { "modules/keyvault.bicep", "enablePurgeProtection: true", "enablePurgeProtection: false", "vaults", "enablePurgeProtection" },
        { "modules/keyvault.bicep", "var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'", "var secretsUserRoleId = '00482a5a-887f-4fb3-b363-3b7fe8e74483'", "vaults", "Secrets User" },
        { "main.bicep", "var ordersApp = 2", "var ordersApp = 0", "vaults", "orders identity" },
        { "main.bicep", "Payments__Stripe__ApiKey: keyVault.outputs.references.stripeApiKey", "Payments__Stripe__ApiKey: 'sk_live_inline'", "secretSettings", "Key Vault reference" },
        { "main.bicep", "Payments__Provider: 'Stripe'", "Payments__Provider: 'Simulated'", "secretSettings", "Simulated" },
        { "app/function-app.bicep", "supportCredentials: false", "supportCredentials: true", "cors", "credentials" },
        { "modules/rbac/cosmos-roles.bicep", "scope: '${account.id}/dbs/${databaseName}/colls/${grant.container}'", "scope: account.id", "leastPrivilege", "whole Cosmos DB account" },
        { "modules/rbac/container-roles.bicep", "scope: containers[i]", "scope: storage", "leastPrivilege", "storage account" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void A_flipped_property_is_reported(string file, string from, string to, string policy, string expectedInMessage)
    {
        var path = Path.Combine(_copy, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));

        var template = InfraTemplate.Compile(Path.Combine(_copy, "main.bicep"));
        var resources = template.AzdUpResources();
        var violations = policy switch
        {
            "storage" => Policies.Storage(resources),
            "localAuth" => Policies.LocalAuth(resources),
            "apps" => Policies.FunctionApps(resources),
            "settings" => Policies.AppSettings(resources),
            "roles" => Policies.RoleAssignmentNames(resources),
            "secrets" => Policies.Secrets(template.Root),
            "vaults" => Policies.Vaults(resources),
            "cors" => Policies.Cors(resources),
            "secretSettings" => Policies.SecretSettings(resources),
            "leastPrivilege" => Policies.LeastPrivilege(resources),
            _ => throw new ArgumentOutOfRangeException(nameof(policy)),
        };

        var list = violations.ToList();
        Assert.NotEmpty(list);
        Assert.Contains(list, v => v.Contains(expectedInMessage, StringComparison.OrdinalIgnoreCase));
        TestContext.Current.SendDiagnosticMessage($"{file}: {from} -> {to}: {list[0]}");
    }

    public void Dispose() => Directory.Delete(_copy, recursive: true);
}
