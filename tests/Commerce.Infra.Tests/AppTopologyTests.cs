using System.Text.RegularExpressions;
using Commerce.Contracts;
using Commerce.Orders.Checkout;
using Commerce.Orders.Domain;

namespace Commerce.Infra.Tests;

/// <summary>What each app gets: settings its code reads, the data it needs, and exactly the roles for its data paths.</summary>
public sealed partial class AppTopologyTests(CompiledInfra infra)
{
    private static readonly string[] CommonSettings =
    [
        "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AZURE_CLIENT_ID", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "DurableTaskHubName", "Documents__Provider",
        "CosmosDb__accountEndpoint", "CosmosDb__credential", "CosmosDb__clientId", "CosmosDb__databaseName",
    ];

    private static readonly string[] EventHubsSettings =
        ["EventHubs__fullyQualifiedNamespace", "EventHubs__credential", "EventHubs__clientId", "EventHubs__hubName"];

    private static readonly string[] BlobSettings = ["Blobs__serviceUri", "Blobs__credential", "Blobs__clientId"];

    private static readonly string[] SearchSettings = ["Search__endpoint", "Search__credential", "Search__clientId"];

    private static readonly string[] DurableSettings =
    [
        "DurableTaskStorage__blobServiceUri", "DurableTaskStorage__queueServiceUri", "DurableTaskStorage__tableServiceUri",
        "DurableTaskStorage__credential", "DurableTaskStorage__clientId",
    ];

    private static readonly string[] PaymentSettings = ["Payments__Provider", "Payments__Stripe__ApiKey", "Payments__WebhookSecret", "Orders__PaymentTokenKey"];

    public static TheoryData<string, string[]> ExpectedSettings => new()
    {
        { "catalog", [.. CommonSettings, .. SearchSettings, .. BlobSettings, "Catalog__Images__PublicBaseUrl", .. EventHubsSettings] },
        { "cart", [.. CommonSettings, .. EventHubsSettings, "CheckedOutCarts__queueServiceUri", "CheckedOutCarts__credential", "CheckedOutCarts__clientId"] },
        { "orders", [.. CommonSettings, .. EventHubsSettings, .. DurableSettings, .. PaymentSettings] },
        { "analytics", [.. CommonSettings, .. EventHubsSettings, "EventHubs__consumerGroup", .. BlobSettings, "Recommendations__TrainingSchedule", "Recommendations__TrendingSchedule"] },
        { "pricing", [.. CommonSettings, .. DurableSettings, .. EventHubsSettings, "EventHubs__pricingConsumerGroup", "Pricing__RunSchedule", "Pricing__AppliedPriceQueue__serviceUri", "Pricing__AppliedPriceQueue__credential", "Pricing__AppliedPriceQueue__clientId"] },
        {
            "replenishment",
            [
                .. CommonSettings, .. DurableSettings, "Replenishment__RunSchedule",
                "Replenishment__OrdersQueue__serviceUri", "Replenishment__OrdersQueue__credential", "Replenishment__OrdersQueue__clientId",
                "ShippedUnits__queueServiceUri", "ShippedUnits__credential", "ShippedUnits__clientId",
            ]
        },
    };

    private const string BlobOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string BlobContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string QueueContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string EventHubsSender = "2b629674-e913-4c01-ae53-ef4638d8f975";
    private const string EventHubsReceiver = "a638d3c7-ab3a-418d-83e6-5f17a39d4fde";
    private const string SearchIndexContributor = "8ebe5a00-799e-43f5-93ac-243d3dce84a7";
    private const string SearchServiceContributor = "7ca78c08-252a-4471-8644-bb5ff32d4ba0";
    private const string MetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CosmosDataContributor = "00000000-0000-0000-0000-000000000002";
    private const string CosmosDataReader = "00000000-0000-0000-0000-000000000001";
    private const string BlobReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    private const string QueueMessageSender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";

    /// <summary>The custom Cosmos role holding readMetadata alone (cosmos.bicep), shown by what its id is made of.</summary>
    private const string CosmosMetadataReader = "metadata-reader";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    [Theory]
    [MemberData(nameof(ExpectedSettings))]
    public void Each_app_gets_exactly_the_settings_its_code_reads(string app, string[] expected)
    {
        var settings = Settings(infra.Template.Resources(), app);

        Assert.Equal(expected.Order(StringComparer.Ordinal), settings.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("Cosmos", settings["Documents__Provider"]);
        Assert.Equal("commerce", settings["CosmosDb__databaseName"]);
        Assert.Equal($"{app}hub", settings["DurableTaskHubName"]);
        Assert.Contains($"identity-{app})", Assert.IsType<Unknown>(settings["AzureWebJobsStorage__clientId"]).Origin, StringComparison.Ordinal);
        if (settings.ContainsKey("EventHubs__hubName"))
        {
            Assert.Contains("eventhubs", Assert.IsType<Unknown>(settings["EventHubs__hubName"]).Origin, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sign_in_reaches_every_app_only_when_an_authority_is_given()
    {
        // Customers (cart, orders, personal recommendations in the catalog) and staff (the admin app role: orders,
        // analytics) prove themselves with bearer tokens from the same authority.
        const string Authority = "https://login.example.com/tenant/v2.0";
        var resources = infra.Template.Resources(("customerAuthAuthority", Authority), ("customerAuthAudience", "api://storefront"));
        foreach (var app in Policies.ServiceNames)
        {
            var settings = Settings(resources, app);
            Assert.Equal(Authority, settings["Auth__Authority"]);
            Assert.Equal("api://storefront", settings["Auth__Audience"]);
        }

        Assert.All(Policies.ServiceNames, app => Assert.DoesNotContain("Auth__Authority", Settings(infra.Template.Resources(), app).Keys));
    }

    [Fact]
    public void The_orders_task_hub_lives_on_its_own_zone_redundant_account_with_16_partitions()
    {
        var resources = infra.Template.Resources();
        var accounts = resources.OfType(Policies.StorageAccounts).ToList();
        Assert.Equal(10, accounts.Count); // data, the three task hubs (orders, pricing, replenishment), and one runtime account per app
        static bool IsOrdersHub(ArmResource a) => Policies.NameOf(a.Name) is { } name && name.StartsWith("stdt", StringComparison.Ordinal) && !name.StartsWith("stdtpricing", StringComparison.Ordinal) && !name.StartsWith("stdtrepl", StringComparison.Ordinal);
        var durable = Assert.Single(accounts, IsOrdersHub);
        Assert.Equal("Standard_ZRS", durable["sku.name"]);
        Assert.Equal("Standard_LRS", Assert.Single(infra.Template.Resources(("durableStorageSku", "Standard_LRS")).OfType(Policies.StorageAccounts), IsOrdersHub)["sku.name"]);
        var pricingHub = Assert.Single(accounts, a => Policies.NameOf(a.Name)!.StartsWith("stdtpricing", StringComparison.Ordinal));
        var replenishmentHub = Assert.Single(accounts, a => Policies.NameOf(a.Name)!.StartsWith("stdtrepl", StringComparison.Ordinal));
        Assert.Equal("Standard_LRS", replenishmentHub["sku.name"]);
        Assert.All([durable, pricingHub, replenishmentHub], hub => Assert.DoesNotContain(resources.OfType(Policies.Queues), q => $"{q.Name}".Contains(Policies.NameOf(hub.Name)!, StringComparison.Ordinal)));

        // Orders (its sagas), pricing (its pricing run) and replenishment (its nightly run) run Durable Functions, each on
        // its own task hub account; the other apps get neither the connection nor a role on any of them.
        foreach (var app in Policies.ServiceNames)
        {
            var settings = Settings(resources, app);
            if (app is "orders" or "pricing" or "replenishment")
            {
                var module = app == "orders" ? "storage-durable)" : $"storage-durable-{app})";
                Assert.Contains(module, Assert.IsType<Unknown>(settings["DurableTaskStorage__queueServiceUri"]).Origin, StringComparison.Ordinal);
                Assert.Equal("managedidentity", settings["DurableTaskStorage__credential"]);
                Assert.Contains($"identity-{app})", Assert.IsType<Unknown>(settings["DurableTaskStorage__clientId"]).Origin, StringComparison.Ordinal);
            }
            else
            {
                Assert.DoesNotContain("DurableTaskStorage__queueServiceUri", settings.Keys);
            }
        }

        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "host.json")));
        var provider = host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("storageProvider");
        Assert.Equal("DurableTaskStorage", provider.GetProperty("connectionName").GetString());
        Assert.Equal(16, provider.GetProperty("partitionCount").GetInt32());
    }

    [Fact]
    public void Sale_day_always_ready_instances_warm_cart_and_orders_only_and_are_off_by_default()
    {
        Assert.All(infra.Template.Resources().OfType(Policies.Sites), s => Assert.Equal([], Assert.IsType<List<object?>>(s["properties.functionAppConfig.scaleAndConcurrency.alwaysReady"])));

        var sale = infra.Template.Resources(("saleAlwaysReadyInstances", 3L)).OfType(Policies.Sites)
            .ToDictionary(s => (string)s["tags.azd-service-name"]!, s => Assert.IsType<List<object?>>(s["properties.functionAppConfig.scaleAndConcurrency.alwaysReady"])
                .Select(g => $"{ArmDeployment.Get(g, "name")}={ArmDeployment.Get(g, "instanceCount")}").ToList());
        Assert.Equal(["http=3"], sale["cart"]);
        Assert.Equal(["http=3", "durable=3"], sale["orders"]);
        Assert.Empty(sale["catalog"]);
        Assert.Empty(sale["analytics"]);
        Assert.Empty(sale["pricing"]);
        Assert.Empty(sale["replenishment"]);
    }

    [Fact]
    public void Every_app_has_its_own_task_hub_and_deployment_container()
    {
        var resources = infra.Template.Resources();
        var hubs = Policies.ServiceNames.Select(app => Settings(resources, app)["DurableTaskHubName"]).ToList();
        Assert.Equal(hubs.Count, hubs.Distinct().Count());

        foreach (var site in resources.OfType(Policies.Sites))
        {
            var app = (string)site["tags.azd-service-name"]!;
            var deployment = Assert.IsType<Unknown>(site["properties.functionAppConfig.deployment.storage.value"]);
            Assert.EndsWith($"deploy-{app}", deployment.Origin, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cosmos_containers_the_apps_use_exist_partitioned_on_pk_with_per_item_TTL_enabled()
    {
        var containers = infra.Template.Resources().OfType(Policies.CosmosContainers)
            .ToDictionary(c => Policies.NameOf(c.Name)!);

        string[] expected =
            [
                "aggregates", "applied-prices", "cart-claims", "carts", "categories", "checkout-admissions", "checkout-requests", "checkouts-in-flight", "competitor-prices", "customer-orders", "interactions", "inventory", LivePriceExperiment.Container, "orders", "payment-events",
                "price-changes", "price-experiment-claims", "price-experiment-totals", "price-experiment-visitors", "price-experiments", "price-models", "price-proposals", "pricing-categories", "pricing-category-skus", "pricing-skus", "product-demand", "product-listings", "product-slugs", "products", "promotion-calendar", "promotion-usage", "promotions", "reservations", "skus",
                .. ReplenishmentWrites,
            ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), containers.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, container) in containers)
        {
            Assert.Equal(name, container["properties.resource.id"]);
            Assert.Equal(new List<object?> { "/pk" }, container["properties.resource.partitionKey.paths"]);
            Assert.Equal(2L, container["properties.resource.partitionKey.version"]);
            // TTL on, nothing expiring by default: per-item ttl works (carts, reservations, idempotency records).
            Assert.Equal(-1L, container["properties.resource.defaultTtl"]);
        }

        Assert.Equal("commerce", Policies.NameOf(Assert.Single(infra.Template.Resources().OfType(Policies.CosmosDatabases)).Name));
    }

    [Fact]
    public void Each_app_has_its_own_runtime_account_and_the_warehouse_queues_live_on_orders_account()
    {
        var resources = infra.Template.Resources();
        var accounts = resources.OfType(Policies.StorageAccounts).Select(a => Policies.NameOf(a.Name)!).ToList();
        foreach (var app in Policies.ServiceNames)
        {
            // st<app><token> (replenishment: strepl<token>): AzureWebJobsStorage and the deployment package of that app alone.
            var account = Assert.Single(accounts, a => a.StartsWith($"st{StorageNameOf(app)}", StringComparison.Ordinal));
            Assert.True(account.Length <= 24, $"{account} is longer than a storage account name may be");
            var containers = ContainersOf(resources, account);
            Assert.Contains("azure-webjobs-hosts", containers);
            Assert.Contains("azure-webjobs-secrets", containers);
            Assert.Contains($"deploy-{app}", containers);
            var settings = Settings(resources, app);
            Assert.Contains($"storage-{app})", Assert.IsType<Unknown>(settings["AzureWebJobsStorage__blobServiceUri"]).Origin, StringComparison.Ordinal);
            Assert.Contains($"storage-{app})", Assert.IsType<Unknown>(settings["AzureWebJobsStorage__queueServiceUri"]).Origin, StringComparison.Ordinal);
        }

        // The orders app's own queue names, so the infrastructure cannot drift from the triggers; all on its account.
        var queues = resources.OfType(Policies.Queues).ToList();
        var names = queues.Where(q => $"{q.Name}".StartsWith("storders", StringComparison.Ordinal)).Select(q => Policies.NameOf(q.Name)).ToHashSet();
        foreach (var queue in new[] { WarehouseQueues.StockLevels, WarehouseQueues.ShipmentConfirmations, WarehouseQueues.Returns, WarehouseQueues.FulfilmentRequests, WarehouseQueues.FulfilmentCancellations, WarehouseQueues.CancellationConfirmations, CheckoutGate.Queue, CartCheckedOut.Queue, ShippedUnits.Queue, StoreSale.Queue })
        {
            Assert.Contains(queue, names);
            Assert.Contains($"{queue}-poison", names);
        }

        // The catalog's trigger reads the prices the pricing context applied, on the catalog's own account; no other queue exists.
        Assert.Equal(
            [$"{AppliedPrice.Queue}", $"{AppliedPrice.Queue}-poison"],
            queues.Where(q => $"{q.Name}".StartsWith("stcatalog", StringComparison.Ordinal)).Select(q => Policies.NameOf(q.Name)!).Order(StringComparer.Ordinal));
        // Pricing's trigger reads competitor prices on its own account.
        Assert.Equal(
            [$"{Commerce.Pricing.Domain.CompetitorPrices.Queue}", $"{Commerce.Pricing.Domain.CompetitorPrices.Queue}-poison"],
            queues.Where(q => $"{q.Name}".StartsWith("stpricing", StringComparison.Ordinal)).Select(q => Policies.NameOf(q.Name)!).Order(StringComparer.Ordinal));
        // Replenishment sends its suggestions on its own account (a warehouse or ERP receives them).
        Assert.Equal(
            [ReplenishmentOrder.Queue],
            queues.Where(q => $"{q.Name}".StartsWith("strepl", StringComparison.Ordinal)).Select(q => Policies.NameOf(q.Name)!));
        Assert.Contains(ShippedUnits.Queue, names);
        Assert.Equal(queues.Count, names.Count + 5);

        // The Event Hubs trigger checkpoints in analytics' runtime account.
        Assert.Contains("azure-webjobs-eventhub", ContainersOf(resources, accounts.Single(a => a.StartsWith("stanalytics", StringComparison.Ordinal))));

        // The data account: images and models only.
        var data = Assert.Single(accounts, a => !Policies.ServiceNames.Any(app => a.StartsWith($"st{StorageNameOf(app)}", StringComparison.Ordinal)) && !a.StartsWith("stdt", StringComparison.Ordinal));
        Assert.Equal(["models", "product-images"], ContainersOf(resources, data).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void During_a_payment_token_key_rotation_the_orders_app_also_reads_the_replaced_keys_from_Key_Vault()
    {
        static IEnumerable<string?> Secrets(IReadOnlyList<ArmResource> resources) => resources.OfType(Policies.KeyVaultSecrets).Select(s => Policies.NameOf(s.Name));
        var usual = infra.Template.Resources();
        Assert.DoesNotContain("Orders__PreviousPaymentTokenKeys", Settings(usual, "orders").Keys);
        Assert.DoesNotContain("payment-token-previous-keys", Secrets(usual));

        var rotating = infra.Template.Resources(("paymentTokenPreviousKeys", "b2xkLWluZnJhLXBheW1lbnQtdG9rZW4ta2V5LTMyYg=="));

        Assert.Contains("payment-token-previous-keys", Secrets(rotating));
        var reference = Assert.IsType<Unknown>(Settings(rotating, "orders")["Orders__PreviousPaymentTokenKeys"]);
        Assert.EndsWith(".outputs.references.value.paymentTokenPreviousKeys", reference.Origin, StringComparison.Ordinal);
        Assert.All(Policies.ServiceNames.Where(app => app != "orders"), app => Assert.DoesNotContain("Orders__PreviousPaymentTokenKeys", Settings(rotating, app).Keys));
    }

    /// <summary>The name part of an app's runtime account (<c>st&lt;name&gt;&lt;token&gt;</c>, at most 24 characters in all).</summary>
    private static string StorageNameOf(string app) => app == "replenishment" ? "repl" : app;

    private static List<string> ContainersOf(IReadOnlyList<ArmResource> resources, string account) =>
        resources.OfType(Policies.BlobContainers).Where(c => $"{c.Name}".StartsWith($"{account}/", StringComparison.Ordinal)).Select(c => Policies.NameOf(c.Name)!).ToList();

    [Fact]
    public void Event_Hubs_carries_clickstream_on_partitions_with_an_analytics_and_a_pricing_consumer_group()
    {
        var resources = infra.Template.Resources();
        var hub = Assert.Single(resources.OfType(Policies.EventHubs));
        var groups = resources.OfType(Policies.ConsumerGroups).Select(g => Policies.NameOf(g.Name)).Order(StringComparer.Ordinal);

        Assert.Equal("clickstream", Policies.NameOf(hub.Name));
        Assert.Equal(8L, hub["properties.partitionCount"]);
        Assert.Equal(["analytics", "pricing"], groups);
        Assert.Equal("Standard", Assert.Single(resources.OfType(Policies.EventHubNamespaces))["sku.name"]);
        Assert.Equal(32L, Assert.Single(infra.Template.Resources(("eventHubPartitionCount", 32L)).OfType(Policies.EventHubs))["properties.partitionCount"]);
    }

    [Fact]
    public void Search_is_basic_by_default()
    {
        var search = Assert.Single(infra.Template.Resources().OfType(Policies.SearchServices));

        Assert.Equal("basic", search["sku.name"]);
    }

    [Fact]
    public void Each_principal_has_exactly_one_role_assignment_per_data_path_scoped_to_what_it_owns()
    {
        var actual = RoleGrants(infra.Template.AzdUpResources());
        static string[] Each(string kind, string role, params string[] names) => [.. names.Select(n => $"{kind}:{n}:{role}")];
        string[] Host(string app, params string[] extra) => Each("containers", BlobOwner, ["azure-webjobs-hosts", "azure-webjobs-secrets", $"deploy-{app}", .. extra]);
        string[] Cosmos(string[] writes, string[] reads) =>
            [$"databaseAccounts:account:{CosmosMetadataReader}", .. Each("colls", CosmosDataContributor, writes), .. Each("colls", CosmosDataReader, reads)];
        string[] durable = [.. new[] { BlobContributor, QueueContributor, TableContributor }.Select(r => $"storageAccounts:durable:{r}")];
        var monitoring = $"components:insights:{MetricsPublisher}";
        var expected = new Dictionary<string, string[]>
        {
            ["catalog"] =
            [
                .. Host("catalog"), $"containers:product-images:{BlobContributor}", $"containers:models:{BlobReader}",
                .. Each("queues", QueueContributor, [AppliedPrice.Queue, $"{AppliedPrice.Queue}-poison"]),
                .. Cosmos(["products", "product-slugs", "product-listings", "categories", "skus"], ["inventory", "interactions", AppliedPrice.Container, LivePriceExperiment.Container]),
                monitoring, $"searchServices:search:{SearchIndexContributor}", $"searchServices:search:{SearchServiceContributor}",
                $"eventhubs:clickstream:{EventHubsSender}",
            ],
            ["cart"] =
            [
                .. Host("cart"), .. Cosmos(["carts", "promotions", PromotionWindow.Container], ["skus", "inventory", "promotion-usage", LivePriceExperiment.Container]), monitoring, $"eventhubs:clickstream:{EventHubsSender}",
                .. Each("queues", QueueContributor, CartCheckedOut.Queue, $"{CartCheckedOut.Queue}-poison"),
            ],
            ["orders"] =
            [
                .. Host("orders"),
                .. Each("queues", QueueContributor, [.. OrdersQueues, .. OrdersQueues.Select(q => $"{q}-poison")]),
                .. durable,
                .. Cosmos(["inventory", "reservations", "promotion-usage", "checkout-requests", "checkout-admissions", "checkouts-in-flight", "cart-claims", "orders", "customer-orders", "payment-events"], ["carts", "skus", "promotions", LivePriceExperiment.Container]),
                monitoring, $"eventhubs:clickstream:{EventHubsSender}", $"vaults:vault:{KeyVaultSecretsUser}",
            ],
            ["analytics"] =
            [
                .. Host("analytics", "azure-webjobs-eventhub"), $"containers:models:{BlobContributor}",
                .. Cosmos(["aggregates", "interactions", ProductDemandDay.Container], ["orders", "skus"]),
                monitoring, $"eventhubs:clickstream:{EventHubsSender}", $"eventhubs:clickstream:{EventHubsReceiver}",
            ],
            ["pricing"] =
            [
                .. Host("pricing"),
                .. Each("queues", QueueContributor, [Commerce.Pricing.Domain.CompetitorPrices.Queue, $"{Commerce.Pricing.Domain.CompetitorPrices.Queue}-poison"]),
                // the catalog's applied-prices queue, on the catalog's account: send only
                $"queues:{AppliedPrice.Queue}:{QueueMessageSender}",
                .. new[] { BlobContributor, QueueContributor, TableContributor }.Select(r => $"storageAccounts:durable-pricing:{r}"),
                .. Cosmos([.. PricingWrites], ["skus", "inventory", ProductDemandDay.Container]),
                monitoring, $"eventhubs:clickstream:{EventHubsReceiver}",
            ],
            ["replenishment"] =
            [
                .. Host("replenishment"),
                // its own replenishment-orders queue: send only; orders' shipped-units queue (and poison): its trigger reads it
                $"queues:{ReplenishmentOrder.Queue}:{QueueMessageSender}",
                .. Each("queues", QueueContributor, ShippedUnits.Queue, $"{ShippedUnits.Queue}-poison"),
                .. new[] { BlobContributor, QueueContributor, TableContributor }.Select(r => $"storageAccounts:durable-replenishment:{r}"),
                .. Cosmos([.. ReplenishmentWrites], ["skus", "inventory", ProductDemandDay.Container, PromotionWindow.Container]),
                monitoring,
            ],
            ["edge"] = [$"containers:product-images:{BlobReader}"],
            ["developer"] =
            [
                .. new[] { BlobOwner, QueueContributor, TableContributor }.Select(r => $"storageAccounts:data:{r}"), $"storageAccounts:orders:{QueueContributor}", .. durable,
                $"databaseAccounts:account:{CosmosDataContributor}", monitoring, $"searchServices:search:{SearchIndexContributor}", $"searchServices:search:{SearchServiceContributor}",
                $"eventhubs:clickstream:{EventHubsSender}", $"eventhubs:clickstream:{EventHubsReceiver}",
            ],
        };

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (principal, grants) in expected)
        {
            Assert.Equal(grants.Order(StringComparer.Ordinal), actual[principal].Order(StringComparer.Ordinal));
        }
    }

    /// <summary>Every container the pricing context writes, named by the code (<see cref="Commerce.Pricing.Domain.PricingContainers"/>).</summary>
    private static readonly string[] PricingWrites =
    [
        Commerce.Pricing.Domain.PricingContainers.Skus, Commerce.Pricing.Domain.PricingContainers.Categories, Commerce.Pricing.Domain.PricingContainers.CategorySkus,
        Commerce.Pricing.Domain.PricingContainers.Proposals, Commerce.Pricing.Domain.PricingContainers.Changes, Commerce.Pricing.Domain.PricingContainers.CompetitorPrices,
        Commerce.Pricing.Domain.PricingContainers.Models, Commerce.Pricing.Domain.PricingContainers.Experiments, Commerce.Pricing.Domain.PricingContainers.ExperimentClaims,
        Commerce.Pricing.Domain.PricingContainers.ExperimentTotals, Commerce.Pricing.Domain.PricingContainers.ExperimentVisitors, LivePriceExperiment.Container,
        AppliedPrice.Container,
    ];

    /// <summary>Every container the replenishment context writes, named by the code.</summary>
    private static readonly string[] ReplenishmentWrites =
    [
        Commerce.Replenishment.Domain.ReplenishmentSettings.TermsContainer, Commerce.Replenishment.Domain.ReplenishmentSettings.ServiceLevelContainer,
        Commerce.Replenishment.Domain.ReplenishmentSettings.SupplierContainer, Commerce.Replenishment.Domain.DemandHistory.Container,
        Commerce.Replenishment.Domain.ReplenishmentRuns.ModelContainer, Commerce.Replenishment.Domain.ReplenishmentRuns.PlanContainer,
        Commerce.Replenishment.Domain.ReplenishmentRuns.RiskContainer, Commerce.Replenishment.Domain.ReplenishmentRuns.SuggestionContainer,
        Commerce.Replenishment.Domain.ReplenishmentRuns.RunContainer,
    ];

    private static readonly string[] OrdersQueues =
    [
        WarehouseQueues.StockLevels, WarehouseQueues.ShipmentConfirmations, WarehouseQueues.Returns, WarehouseQueues.FulfilmentRequests,
        WarehouseQueues.FulfilmentCancellations, WarehouseQueues.CancellationConfirmations, CheckoutGate.Queue, CartCheckedOut.Queue, ShippedUnits.Queue, StoreSale.Queue,
    ];

    [Fact]
    public void The_warehouse_principal_may_send_and_receive_on_its_own_queues_and_nothing_else()
    {
        const string Warehouse = "99999999-8888-7777-6666-555555555555";
        const string Sender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
        const string Processor = "8a0f0c08-91a1-4084-bc3d-661d67233fed";
        var grants = infra.Template.Resources(("warehousePrincipalId", Warehouse)).OfType(Policies.RoleAssignments)
            .Where(a => Equals(a["properties.principalId"], Warehouse))
            .Select(a => $"{Policies.ScopeType(a)}:{Policies.NameOf(a["scope"])}:{Policies.NameOf(a["properties.roleDefinitionId"])}")
            .Order(StringComparer.Ordinal)
            .ToList();

        string[] expected =
        [
            .. new[] { WarehouseQueues.StockLevels, WarehouseQueues.ShipmentConfirmations, WarehouseQueues.Returns, WarehouseQueues.CancellationConfirmations }.Select(q => $"{QueueScope}:{q}:{Sender}"),
            .. new[] { WarehouseQueues.FulfilmentRequests, WarehouseQueues.FulfilmentCancellations, ReplenishmentOrder.Queue }.Select(q => $"{QueueScope}:{q}:{Processor}"),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), grants);
        Assert.DoesNotContain(infra.Template.Resources().OfType(Policies.RoleAssignments), a => Equals(a["properties.principalId"], Warehouse));
    }

    [Fact]
    public void The_store_principal_may_send_on_store_sales_and_nothing_else()
    {
        const string Store = "77777777-6666-5555-4444-333333333333";
        const string Sender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
        var grants = infra.Template.Resources(("storePrincipalId", Store)).OfType(Policies.RoleAssignments)
            .Where(a => Equals(a["properties.principalId"], Store))
            .Select(a => $"{Policies.ScopeType(a)}:{Policies.NameOf(a["scope"])}:{Policies.NameOf(a["properties.roleDefinitionId"])}")
            .ToList();

        Assert.Equal([$"{QueueScope}:{StoreSale.Queue}:{Sender}"], grants);
        Assert.DoesNotContain(infra.Template.Resources().OfType(Policies.RoleAssignments), a => Equals(a["properties.principalId"], Store));
    }

    [Fact]
    public void The_price_monitoring_principal_may_only_send_on_competitor_prices_in_the_pricing_account()
    {
        const string Monitor = "77777777-6666-5555-4444-333333333333";
        const string Sender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
        var resources = infra.Template.Resources(("priceMonitorPrincipalId", Monitor));
        var grants = resources.OfType(Policies.RoleAssignments)
            .Where(a => Equals(a["properties.principalId"], Monitor))
            .Select(a => (Scope: $"{Policies.ScopeType(a)}:{Policies.NameOf(a["scope"])}:{Policies.NameOf(a["properties.roleDefinitionId"])}", Account: a["scope"]?.ToString()))
            .ToList();

        var grant = Assert.Single(grants);
        Assert.Equal($"{QueueScope}:{Commerce.Pricing.Domain.CompetitorPrices.Queue}:{Sender}", grant.Scope);
        Assert.Contains("storage-pricing)", grant.Account, StringComparison.Ordinal);
        Assert.DoesNotContain(infra.Template.Resources().OfType(Policies.RoleAssignments), a => Equals(a["properties.principalId"], Monitor));
    }

    private const string QueueScope = "Microsoft.Storage/storageAccounts/queueServices/queues";

    [Fact]
    public void Developer_role_assignments_are_for_a_user_and_are_skipped_without_a_principal()
    {
        var withDeveloper = infra.Template.AzdUpResources().OfType(Policies.RoleAssignments)
            .Where(r => Equals(r["properties.principalId"], InfraTemplate.DeveloperPrincipalId)).ToList();

        Assert.NotEmpty(withDeveloper);
        Assert.All(withDeveloper, r => Assert.Equal("User", r["properties.principalType"]));
        Assert.DoesNotContain("developer", RoleGrants(infra.Template.Resources()).Keys);
        Assert.All(
            infra.Template.Resources().OfType(Policies.RoleAssignments),
            r => Assert.Equal("ServicePrincipal", r["properties.principalType"]));
    }

    [Fact]
    public void VNet_integration_is_off_by_default_and_gives_each_app_a_delegated_subnet_when_on()
    {
        var off = infra.Template.Resources();
        Assert.Empty(off.OfType(Policies.VirtualNetworks));
        Assert.All(off.OfType(Policies.Sites), s => Assert.Null(s["properties.virtualNetworkSubnetId"]));

        var on = infra.Template.Resources(("vnetEnabled", true));
        var vnet = Assert.Single(on.OfType(Policies.VirtualNetworks));
        var subnets = Assert.IsType<List<object?>>(vnet["properties.subnets"]);
        Assert.Equal(Policies.ServiceNames.Select(s => $"snet-{s}"), subnets.Select(s => ArmDeployment.Get(s, "name")));
        foreach (var subnet in subnets)
        {
            var delegation = Assert.Single(Assert.IsType<List<object?>>(ArmDeployment.Get(subnet, "properties.delegations")));
            Assert.Equal("Microsoft.App/environments", ArmDeployment.Get(delegation, "properties.serviceName"));
        }

        foreach (var site in on.OfType(Policies.Sites))
        {
            var subnetId = Assert.IsType<Unknown>(site["properties.virtualNetworkSubnetId"]);
            Assert.Contains("network", subnetId.Origin, StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, object?> Settings(IReadOnlyList<ArmResource> resources, string app)
    {
        var site = resources.OfType(Policies.Sites).Single(s => Equals(s["tags.azd-service-name"], app));
        return resources.OfType(Policies.SiteConfig).Single(c => Equals(c.Name, $"{site.Name}/appsettings")).Properties;
    }

    /// <summary>principal (app name, "edge" or "developer") → "kind:scope:role" for every assignment.</summary>
    private static Dictionary<string, List<string>> RoleGrants(IReadOnlyList<ArmResource> resources)
    {
        var grants = new Dictionary<string, List<string>>();
        foreach (var a in resources.Where(r => r.Is(Policies.RoleAssignments) || r.Is(Policies.CosmosRoleAssignments)))
        {
            var principal = Policies.PrincipalOf(a);
            var (kind, scope) = Policies.ScopeOf(a);
            var role = a["properties.roleDefinitionId"] is Unknown u
                ? (u.Origin.Contains("outputs.metadataReaderRoleId", StringComparison.Ordinal) ? CosmosMetadataReader : u.Origin)
                : Policies.NameOf(a["properties.roleDefinitionId"])!;
            (grants.TryGetValue(principal, out var list) ? list : grants[principal] = []).Add($"{kind}:{scope}:{role}");
        }

        return grants;
    }
}
