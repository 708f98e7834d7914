namespace Commerce.Infra.Tests;

public sealed class AzureYamlTests(CompiledInfra infra)
{
    [Fact]
    public void Every_azure_yaml_service_maps_to_exactly_one_tagged_function_app_and_back()
    {
        var yaml = AzureYaml.Load();
        var tags = infra.Template.Resources().OfType(Policies.Sites).Select(s => s["tags.azd-service-name"] as string).ToList();

        Assert.Equal(Policies.ServiceNames.Order(), yaml.Services.Keys.Order());
        foreach (var service in yaml.Services.Keys)
        {
            Assert.Single(tags, t => t == service);
        }

        Assert.Equal(yaml.Services.Count, tags.Count);
    }

    [Fact]
    public void Services_are_dotnet_function_apps_built_from_their_projects()
    {
        var yaml = AzureYaml.Load();

        foreach (var (name, service) in yaml.Services)
        {
            Assert.Equal("function", service.Properties["host"]);
            Assert.Equal("dotnet", service.Properties["language"]);
            var project = service.Properties["project"];
            Assert.Equal($"./functions/Commerce.{char.ToUpperInvariant(name[0])}{name[1..]}", project);
        }

        Assert.Contains("provider: bicep", yaml.Text, StringComparison.Ordinal);
        Assert.Contains("path: infra", yaml.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deployed_analytics_build_turns_the_Event_Hub_trigger_on_and_local_builds_do_not()
    {
        var yaml = AzureYaml.Load();
        var analytics = yaml.Services["analytics"].Block;
        var prepackage = Section(analytics, "prepackage:");
        var postpackage = Section(analytics, "postpackage:");

        // Both shells write the MSBuild switch beside the project before `dotnet publish`, and remove it afterwards.
        Assert.Contains("posix:", prepackage, StringComparison.Ordinal);
        Assert.Contains("windows:", prepackage, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(prepackage, "-p:EnableEventHubsTrigger=true"));
        Assert.Equal(2, CountOf(prepackage, "Directory.Build.rsp"));
        Assert.Equal(2, CountOf(postpackage, "Directory.Build.rsp"));
        foreach (var other in new[] { "catalog", "cart", "orders" })
        {
            Assert.DoesNotContain("EnableEventHubsTrigger", yaml.Services[other].Block, StringComparison.Ordinal);
        }

        Assert.False(
            File.Exists(Path.Combine(Bicep.RepositoryRoot, "functions", "Commerce.Analytics", "Directory.Build.rsp")),
            "a leftover Directory.Build.rsp would turn the trigger on in local builds");
    }

    private static string Section(string block, string key)
    {
        var lines = block.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == key);
        Assert.True(start >= 0, $"{key} missing");
        var indent = lines[start].Length - lines[start].TrimStart().Length;
        return string.Join('\n', lines.Skip(start + 1).TakeWhile(l => l.Length - l.TrimStart().Length > indent));
    }

    private static int CountOf(string text, string value) =>
        (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
