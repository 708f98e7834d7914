namespace Commerce.Infra.Tests;

/// <summary>The security rules, over the default deployment and over every parameter option that changes resources.</summary>
public sealed class SecurityPolicyTests(CompiledInfra infra)
{
    public static TheoryData<string> Variants => ["default", "developer", "autoscale", "vnet", "warehouse", "storefront", "price-monitor"];

    private IReadOnlyList<ArmResource> Deploy(string variant) => variant switch
    {
        "default" => infra.Template.Resources(),
        "developer" => infra.Template.AzdUpResources(),
        "autoscale" => infra.Template.Resources(("cosmosThroughputMode", "autoscale")),
        "vnet" => infra.Template.Resources(("vnetEnabled", true), ("principalId", InfraTemplate.DeveloperPrincipalId)),
        "storefront" => infra.Template.Resources(("allowedOrigins", StorefrontOrigins), ("saleAlwaysReadyInstances", 2L)),
        "warehouse" => infra.Template.Resources(("warehousePrincipalId", "99999999-8888-7777-6666-555555555555")),
        "price-monitor" => infra.Template.Resources(("priceMonitorPrincipalId", "77777777-6666-5555-4444-333333333333")),
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

    [Theory]
    [MemberData(nameof(Variants))]
    public void No_app_holds_a_data_role_over_a_whole_storage_or_Cosmos_account(string variant) =>
        NoViolations(Policies.LeastPrivilege(Deploy(variant)));

    private const string StorefrontOrigins = "https://shop.example.com, https://www.example.com,";

    [Theory]
    [MemberData(nameof(Variants))]
    public void Browser_origins_are_explicit_https_origins(string variant) =>
        NoViolations(Policies.Cors(Deploy(variant)));

    [Fact]
    public void Allowed_origins_reach_every_app_trimmed_and_a_wildcard_is_reported()
    {
        foreach (var site in infra.Template.Resources(("allowedOrigins", StorefrontOrigins)).OfType(Policies.Sites))
        {
            Assert.Equal(["https://shop.example.com", "https://www.example.com"], Assert.IsType<List<object?>>(site["properties.siteConfig.cors.allowedOrigins"]));
        }

        Assert.All(infra.Template.Resources().OfType(Policies.Sites), s => Assert.Empty(Assert.IsType<List<object?>>(s["properties.siteConfig.cors.allowedOrigins"])));
        Assert.Contains(Policies.Cors(infra.Template.Resources(("allowedOrigins", "*"))), v => v.Contains("wildcard", StringComparison.Ordinal));
        Assert.Contains(Policies.Cors(infra.Template.Resources(("allowedOrigins", "http://shop.example.com"))), v => v.Contains("https origin", StringComparison.Ordinal));
    }

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
