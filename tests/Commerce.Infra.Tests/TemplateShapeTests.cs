using System.Text.Json;

namespace Commerce.Infra.Tests;

public sealed class TemplateShapeTests(CompiledInfra infra)
{
    private JsonElement Root => infra.Template.Root;

    [Fact]
    public void Parameters_file_matches_the_compiled_template()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(Bicep.InfraDirectory, "main.parameters.json")));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetString() ?? "");
        var declared = Root.GetProperty("parameters").EnumerateObject().ToList();

        foreach (var name in given.Keys)
        {
            Assert.Contains(declared, p => p.Name == name);
        }

        foreach (var required in declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _)))
        {
            Assert.True(given.ContainsKey(required.Name), $"required parameter {required.Name} is missing from main.parameters.json");
        }

        Assert.Equal("${AZURE_ENV_NAME}", given["environmentName"]);
        Assert.Equal("${AZURE_LOCATION}", given["location"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", given["principalId"]);

        // Optional choices read from the azd environment with a default: the default must be what the template allows and defaults to.
        foreach (var (name, value) in given.Where(g => g.Value.Contains('=', StringComparison.Ordinal)))
        {
            var fallback = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..^1];
            var parameter = declared.Single(p => p.Name == name).Value;
            Assert.Equal(parameter.GetProperty("defaultValue").ToString(), fallback);
            if (parameter.TryGetProperty("allowedValues", out var allowed))
            {
                Assert.Contains(fallback, allowed.EnumerateArray().Select(a => a.GetString()));
            }
        }
    }

    [Fact]
    public void Resource_token_and_tags_follow_the_azd_convention()
    {
        var variables = Root.GetProperty("variables");

        Assert.Equal(
            "[toLower(uniqueString(subscription().id, parameters('environmentName'), parameters('location')))]",
            variables.GetProperty("resourceToken").GetString());
        Assert.Equal("[parameters('environmentName')]", variables.GetProperty("tags").GetProperty("azd-env-name").GetString());

        var group = Assert.Single(infra.Template.Resources().OfType("Microsoft.Resources/resourceGroups"));
        Assert.Equal("rg-commerce-test", group.Name);
        Assert.Equal("commerce-test", group["tags.azd-env-name"]);
    }

    [Fact]
    public void Every_resource_that_takes_tags_carries_the_environment_tag()
    {
        var tagged = infra.Template.Resources()
            .Where(r => r.DeploymentPath.Count > 0 && r.Body.ContainsKey("location"))
            .ToList();

        Assert.NotEmpty(tagged);
        foreach (var resource in tagged)
        {
            Assert.True(Equals(resource["tags.azd-env-name"], "commerce-test"), $"{resource} lacks the azd-env-name tag");
        }
    }

    [Fact]
    public void Resource_names_come_from_the_abbreviations_and_the_token()
    {
        var resources = infra.Template.Resources();
        var token = resources.OfType(Policies.StorageAccounts).Select(a => (string)ArmDeployment.Get(a.Body, "name")!).Single(n => n.Length == 15);

        Assert.Matches("^st[a-z0-9]{13}$", token);
        var suffix = token[2..];
        Assert.Equal($"cosmos-{suffix}", resources.OfType(Policies.CosmosAccounts).Single().Name);
        Assert.Equal($"srch-{suffix}", resources.OfType(Policies.SearchServices).Single().Name);
        Assert.Equal($"evhns-{suffix}", resources.OfType(Policies.EventHubNamespaces).Single().Name);
        Assert.Equal($"kv-{suffix}", resources.OfType(Policies.KeyVaults).Single().Name);
        // The data account, the three task hub accounts (orders' sagas, the pricing run, the replenishment run), and one
        // runtime account per app (st<app><token>; replenishment's strepl<token>: a storage account name has at most 24 characters).
        Assert.Equal(
            new[] { $"st{suffix}", $"stdt{suffix}", $"stdtpricing{suffix}", $"stdtrepl{suffix}" }
                .Concat(Policies.ServiceNames.Select(s => $"st{(s == "replenishment" ? "repl" : s)}{suffix}")).Order(StringComparer.Ordinal),
            resources.OfType(Policies.StorageAccounts).Select(a => Policies.NameOf(a.Name)!).Order(StringComparer.Ordinal));
        Assert.Equal($"apim-{suffix}", resources.OfType("Microsoft.ApiManagement/service").Single().Name);
        Assert.Equal(
            Policies.ServiceNames.Select(s => $"func-{s}-{suffix}").Order(),
            resources.OfType(Policies.Sites).Select(s => (string)s.Name!).Order());
    }

    [Fact]
    public void Outputs_give_azd_the_environment_and_no_secret()
    {
        var outputs = Root.GetProperty("outputs").EnumerateObject().Select(o => o.Name).ToList();

        foreach (var expected in new[]
        {
            "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "AZURE_COSMOS_ENDPOINT", "AZURE_SEARCH_ENDPOINT",
            "AZURE_EVENTHUBS_NAMESPACE", "AZURE_STORAGE_BLOB_ENDPOINT",
            "SERVICE_CATALOG_NAME", "SERVICE_CART_NAME", "SERVICE_ORDERS_NAME", "SERVICE_ANALYTICS_NAME", "SERVICE_PRICING_NAME", "SERVICE_REPLENISHMENT_NAME",
        })
        {
            Assert.Contains(expected, outputs);
        }

        Assert.Empty(Policies.Secrets(Root));
    }
}
