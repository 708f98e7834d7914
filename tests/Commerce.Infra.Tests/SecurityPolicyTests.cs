namespace Commerce.Infra.Tests;

/// <summary>The security rules, over the default deployment and over every parameter option that changes resources.</summary>
public sealed class SecurityPolicyTests(CompiledInfra infra)
{
    public static TheoryData<string> Variants => ["default", "developer", "autoscale", "vnet", "warehouse"];

    private IReadOnlyList<ArmResource> Deploy(string variant) => variant switch
    {
        "default" => infra.Template.Resources(),
        "developer" => infra.Template.AzdUpResources(),
        "autoscale" => infra.Template.Resources(("cosmosThroughputMode", "autoscale")),
        "vnet" => infra.Template.Resources(("vnetEnabled", true), ("principalId", InfraTemplate.DeveloperPrincipalId)),
        "warehouse" => infra.Template.Resources(("warehousePrincipalId", "99999999-8888-7777-6666-555555555555")),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Storage_accounts_refuse_shared_keys_and_public_blobs_and_require_TLS_1_2(string variant) =>
        NoViolations(Policies.Storage(Deploy(variant)));

    [Theory]
    [MemberData(nameof(Variants))]
    public void Cosmos_Search_Event_Hubs_and_monitoring_have_local_auth_disabled(string variant) =>
        NoViolations(Policies.LocalAuth(Deploy(variant)));

    [Theory]
    [MemberData(nameof(Variants))]
    public void Function_apps_are_hardened_Flex_Consumption_apps_with_a_user_assigned_identity(string variant) =>
        NoViolations(Policies.FunctionApps(Deploy(variant)));

    [Theory]
    [MemberData(nameof(Variants))]
    public void App_settings_are_identity_based_only(string variant) =>
        NoViolations(Policies.AppSettings(Deploy(variant)));

    [Theory]
    [MemberData(nameof(Variants))]
    public void Role_assignment_names_are_guids_over_scope_principal_and_role(string variant) =>
        NoViolations(Policies.RoleAssignmentNames(Deploy(variant)));

    [Theory]
    [MemberData(nameof(Variants))]
    public void Key_Vault_uses_RBAC_keeps_deleted_secrets_and_only_the_orders_identity_reads_it(string variant) =>
        NoViolations(Policies.Vaults(Deploy(variant)));

    [Theory]
    [MemberData(nameof(Variants))]
    public void Secret_settings_are_Key_Vault_references_and_payments_are_real(string variant) =>
        NoViolations(Policies.SecretSettings(Deploy(variant)));

    [Fact]
    public void No_secret_is_read_or_output_anywhere_in_the_template() =>
        NoViolations(Policies.Secrets(infra.Template.Root));

    private static void NoViolations(IEnumerable<string> violations)
    {
        var list = violations.ToList();
        Assert.True(list.Count == 0, string.Join(Environment.NewLine, list));
    }

    [Fact]
    public void Cosmos_DB_is_serverless_by_default()
    {
        var resources = infra.Template.Resources();
        var account = Assert.Single(resources.OfType(Policies.CosmosAccounts));
        var capabilities = Assert.IsType<List<object?>>(account["properties.capabilities"]);

        Assert.Contains(capabilities, c => Equals(ArmDeployment.Get(c, "name"), "EnableServerless"));
        var database = Assert.Single(resources.OfType(Policies.CosmosDatabases));
        Assert.Null(database["properties.options.autoscaleSettings"]);
        Assert.Null(database["properties.options.throughput"]);
    }

    [Fact]
    public void Cosmos_DB_autoscale_option_provisions_autoscale_throughput_instead_of_serverless()
    {
        var resources = infra.Template.Resources(("cosmosThroughputMode", "autoscale"), ("cosmosAutoscaleMaxThroughput", 10000L));
        var account = Assert.Single(resources.OfType(Policies.CosmosAccounts));

        Assert.Empty(Assert.IsType<List<object?>>(account["properties.capabilities"]));
        Assert.Equal(10000L, Assert.Single(resources.OfType(Policies.CosmosDatabases))["properties.options.autoscaleSettings.maxThroughput"]);
    }

    [Fact]
    public void Telemetry_uses_Entra_ID_and_the_identity_may_publish()
    {
        var resources = infra.Template.Resources();
        var insights = Assert.Single(resources.OfType(Policies.AppInsights));

        Assert.Equal(true, insights["properties.DisableLocalAuth"]);
        Assert.NotNull(insights["properties.WorkspaceResourceId"]);
        foreach (var config in resources.OfType(Policies.SiteConfig))
        {
            var auth = Assert.IsType<Unknown>(config.Properties["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
            Assert.Contains("ClientId=", auth.Origin, StringComparison.Ordinal);
        }
    }
}
