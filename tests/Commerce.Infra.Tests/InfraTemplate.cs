using System.Collections.Concurrent;
using System.Text.Json;

namespace Commerce.Infra.Tests;

/// <summary>A compiled <c>main.bicep</c>: the build's output and diagnostics, and expansions of it under chosen parameters.</summary>
public sealed class InfraTemplate
{
    /// <summary>Values for the parameters azd fills from its environment (main.parameters.json).</summary>
    public static readonly IReadOnlyDictionary<string, object?> AzdParameters = new Dictionary<string, object?>
    {
        ["environmentName"] = "commerce-test",
        ["location"] = "eastus2",
        ["principalId"] = "",
        // The secure parameters azd asks for (test values: the template only passes them to Key Vault).
        ["stripeApiKey"] = "sk_test_infra",
        ["stripeWebhookSecret"] = "whsec_infra",
        ["paymentTokenKey"] = "aW5mcmEtdGVzdC1wYXltZW50LXRva2VuLWtleS0zMmI=",
    };

    public const string DeveloperPrincipalId = "11111111-2222-3333-4444-555555555555";

    private readonly ConcurrentDictionary<string, IReadOnlyList<ArmResource>> _expansions = new();

    private InfraTemplate(string json, Bicep.Result build)
    {
        Json = json;
        Build = build;
        Document = JsonDocument.Parse(json);
    }

    public string Json { get; }

    public Bicep.Result Build { get; }

    public JsonDocument Document { get; }

    public JsonElement Root => Document.RootElement;

    /// <summary>Compiles a main.bicep (by default the repository's) to ARM JSON with the packaged Bicep CLI.</summary>
    public static InfraTemplate Compile(string? mainBicep = null)
    {
        var result = Bicep.Run("build", mainBicep ?? Path.Combine(Bicep.InfraDirectory, "main.bicep"), "--stdout");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({result.ExitCode}):\n{result.StandardError}");
        }

        return new InfraTemplate(result.StandardOutput, result);
    }

    /// <summary>The resources a deployment creates with the azd parameters plus <paramref name="overrides"/>.</summary>
    public IReadOnlyList<ArmResource> Resources(params (string Name, object? Value)[] overrides) =>
        _expansions.GetOrAdd(string.Join(";", overrides.Select(o => $"{o.Name}={o.Value}")), _ =>
        {
            var parameters = new Dictionary<string, object?>(AzdParameters);
            foreach (var (name, value) in overrides)
            {
                parameters[name] = value;
            }

            return ArmDeployment.Expand(Root, parameters);
        });

    /// <summary>The default deployment plus the developer's principal id, as `azd up` runs it for a signed-in user.</summary>
    public IReadOnlyList<ArmResource> AzdUpResources() => Resources(("principalId", DeveloperPrincipalId));
}

/// <summary>Compiles the repository's main.bicep once for every test in the assembly.</summary>
public sealed class CompiledInfra
{
    public InfraTemplate Template { get; } = InfraTemplate.Compile();
}
