namespace Commerce.Infra.Tests;

/// <summary>The parts of azure.yaml the infrastructure depends on, read by indentation (the file is small and ours).</summary>
public sealed record AzureYaml(IReadOnlyDictionary<string, AzureYaml.Service> Services, string Text)
{
    public sealed record Service(string Name, IReadOnlyDictionary<string, string> Properties, string Block);

    public static AzureYaml Load(string? path = null)
    {
        var text = File.ReadAllText(path ?? Path.Combine(Bicep.RepositoryRoot, "azure.yaml"));
        var services = new Dictionary<string, Service>(StringComparer.Ordinal);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l == "services:");
        if (start < 0)
        {
            return new AzureYaml(services, text);
        }

        string? current = null;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var block = new List<string>();
        void Flush()
        {
            if (current is not null)
            {
                services[current] = new Service(current, properties, string.Join('\n', block));
            }
        }

        foreach (var line in lines.Skip(start + 1))
        {
            if (line.Length > 0 && line[0] != ' ' && line[0] != '#')
            {
                break; // next top-level key
            }

            var trimmed = line.TrimStart();
            var indent = line.Length - trimmed.Length;
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            if (indent == 2 && trimmed.EndsWith(':'))
            {
                Flush();
                current = trimmed[..^1];
                properties = new Dictionary<string, string>(StringComparer.Ordinal);
                block = [];
                continue;
            }

            block.Add(line);
            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (indent == 4 && colon > 0)
            {
                properties[trimmed[..colon]] = trimmed[(colon + 1)..].Trim();
            }
        }

        Flush();
        return new AzureYaml(services, text);
    }
}
