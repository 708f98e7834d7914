using System.Text.RegularExpressions;

namespace Commerce.Infra.Tests;

public sealed partial class BicepCliTests(CompiledInfra infra)
{
    [Fact]
    public void Main_bicep_builds_without_warnings()
    {
        var build = infra.Template.Build;

        Assert.Equal(0, build.ExitCode);
        Assert.True(string.IsNullOrWhiteSpace(build.StandardError), $"bicep build reported:\n{build.StandardError}");
        // Subscription scope: main.bicep creates the resource group itself.
        Assert.EndsWith("/subscriptionDeploymentTemplate.json#", infra.Template.Root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_reports_nothing()
    {
        var lint = Bicep.Run("lint", Path.Combine(Bicep.InfraDirectory, "main.bicep"));

        Assert.True(lint.ExitCode == 0, $"bicep lint exited {lint.ExitCode}:\n{lint.StandardError}{lint.StandardOutput}");
        Assert.True(string.IsNullOrWhiteSpace(lint.StandardError + lint.StandardOutput), $"bicep lint reported:\n{lint.StandardError}{lint.StandardOutput}");
    }

    [Fact]
    public void Every_module_is_local_because_the_public_registry_is_unreachable()
    {
        var files = Directory.GetFiles(Bicep.InfraDirectory, "*.bicep", SearchOption.AllDirectories);

        Assert.True(files.Length >= 10, $"expected main.bicep and its modules, found {files.Length}");
        var modules = 0;
        foreach (var file in files)
        {
            foreach (Match module in ModuleSource().Matches(File.ReadAllText(file)))
            {
                var source = module.Groups[1].Value;
                modules++;
                Assert.False(source.StartsWith("br", StringComparison.Ordinal) || source.StartsWith("ts", StringComparison.Ordinal), $"{file}: module {source} comes from a registry");
                Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(file)!, source)), $"{file}: module {source} does not exist");
            }
        }

        Assert.True(modules >= 10, $"expected main.bicep to use its modules, found {modules} module declarations");
    }

    [GeneratedRegex(@"^\s*module\s+\w+\s+'([^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleSource();

    [Fact]
    public void Linter_configuration_does_not_switch_off_the_security_rules()
    {
        var config = File.ReadAllText(Path.Combine(Bicep.InfraDirectory, "bicepconfig.json"));

        foreach (var rule in new[] { "outputs-should-not-contain-secrets", "secure-secrets-in-params", "no-hardcoded-env-urls", "use-secure-value-for-secure-inputs" })
        {
            Assert.Matches($"\"{rule}\"\\s*:\\s*\\{{\\s*\"level\"\\s*:\\s*\"error\"", config);
        }
    }
}
