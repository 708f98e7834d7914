using System.Text.Json;

namespace Commerce.Infra.Tests;

/// <summary>One resource the deployment would create, with its properties evaluated as far as they can be offline.</summary>
/// <param name="Type">Full resource type, e.g. <c>Microsoft.Storage/storageAccounts/blobServices/containers</c>.</param>
/// <param name="Name">Evaluated name (an <see cref="Unknown"/> when it depends on runtime values).</param>
/// <param name="Body">The evaluated resource declaration (properties, tags, identity, sku, kind, scope...).</param>
/// <param name="Raw">The declaration exactly as compiled, for checks on expression text.</param>
/// <param name="DeploymentPath">Names of the nested deployments (modules) it sits in, outermost first.</param>
public sealed record ArmResource(string Type, object? Name, Dictionary<string, object?> Body, JsonElement Raw, IReadOnlyList<string> DeploymentPath)
{
    public Dictionary<string, object?> Properties =>
        Body.TryGetValue("properties", out var p) && p is Dictionary<string, object?> d ? d : ArmExpression.NewObject();

    public object? this[string path] => ArmDeployment.Get(Body, path);

    public bool Is(string type) => Type.Equals(type, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Type} {Name} (in {string.Join("/", DeploymentPath)})";
}

/// <summary>
/// Expands a compiled ARM template offline, the way Azure Resource Manager would: parameters (given or default),
/// variables, conditions, resource and property copy loops, and nested deployments (Bicep modules) with the
/// parameters their parent passes. Runtime values (<c>reference()</c>, module outputs) stay <see cref="Unknown"/>.
/// </summary>
public static class ArmDeployment
{
    public static IReadOnlyList<ArmResource> Expand(JsonElement template, IReadOnlyDictionary<string, object?> parameters)
    {
        var resources = new List<ArmResource>();
        ExpandTemplate(template, parameters, [], resources);
        return resources;
    }

    /// <summary>Reads a dotted path (<c>properties.siteConfig.minTlsVersion</c>) out of an evaluated value.</summary>
    public static object? Get(object? value, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (value is Dictionary<string, object?> obj && obj.TryGetValue(part, out var next))
            {
                value = next;
            }
            else
            {
                return null;
            }
        }

        return value;
    }

    /// <summary>Converts a JSON literal to the evaluator's value model (no expression evaluation).</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(ArmExpression.NewObject(), (d, p) =>
        {
            d[p.Name] = FromJson(p.Value);
            return d;
        }),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetInt64(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static void ExpandTemplate(JsonElement template, IReadOnlyDictionary<string, object?> given, IReadOnlyList<string> path, List<ArmResource> output)
    {
        var scope = new TemplateScope(template, given);
        foreach (var declaration in Declarations(template))
        {
            if (declaration.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            if (declaration.TryGetProperty("copy", out var copy))
            {
                var count = scope.Evaluate(copy.GetProperty("count"));
                var loop = copy.GetProperty("name").GetString()!;
                var n = count is long c ? c : throw new InvalidOperationException($"Loop count unknown: {count}");
                for (var i = 0; i < n; i++)
                {
                    ExpandResource(declaration, scope.WithIndex(loop, i, resourceLoop: true), path, output);
                }
            }
            else
            {
                ExpandResource(declaration, scope, path, output);
            }
        }
    }

    private static IEnumerable<JsonElement> Declarations(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray()
            : resources.EnumerateObject().Select(p => p.Value);
    }

    private static void ExpandResource(JsonElement declaration, TemplateScope scope, IReadOnlyList<string> path, List<ArmResource> output)
    {
        if (declaration.TryGetProperty("condition", out var condition) && scope.Evaluate(condition) is false)
        {
            return;
        }

        var type = declaration.GetProperty("type").GetString()!;
        var body = ArmExpression.NewObject();
        foreach (var property in declaration.EnumerateObject())
        {
            if (property.Name is "copy" or "condition" or "dependsOn" or "template")
            {
                continue;
            }

            if (type.Equals("Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase) && property.Name == "properties")
            {
                continue;
            }

            body[property.Name] = scope.Evaluate(property.Value);
        }

        var name = body.GetValueOrDefault("name");
        if (type.Equals("Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase))
        {
            var properties = declaration.GetProperty("properties");
            var passed = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (properties.TryGetProperty("parameters", out var parameters))
            {
                foreach (var parameter in parameters.EnumerateObject())
                {
                    var value = scope.Evaluate(parameter.Value);
                    passed[parameter.Name] = value is Dictionary<string, object?> wrapper && wrapper.TryGetValue("value", out var inner)
                        ? inner
                        : throw new InvalidOperationException($"Parameter {parameter.Name} of {name} is not a value");
                }
            }

            output.Add(new ArmResource(type, name, body, declaration, path));
            ExpandTemplate(properties.GetProperty("template"), passed, [.. path, Convert.ToString(name) ?? "?"], output);
            return;
        }

        output.Add(new ArmResource(type, name, body, declaration, path));
    }

    private sealed class TemplateScope : IArmScope
    {
        private readonly JsonElement _template;
        private readonly IReadOnlyDictionary<string, object?> _given;
        private readonly Dictionary<string, object?> _parameters;
        private readonly Dictionary<string, object?> _variables;
        private readonly Dictionary<string, int> _indexes;

        public TemplateScope(JsonElement template, IReadOnlyDictionary<string, object?> given)
            : this(template, given, new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase), new(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var name in given.Keys)
            {
                if (!template.TryGetProperty("parameters", out var declared) || !declared.TryGetProperty(name, out _))
                {
                    throw new InvalidOperationException($"Parameter '{name}' is not declared by the template");
                }
            }
        }

        private TemplateScope(
            JsonElement template,
            IReadOnlyDictionary<string, object?> given,
            Dictionary<string, object?> parameters,
            Dictionary<string, object?> variables,
            Dictionary<string, int> indexes)
        {
            _template = template;
            _given = given;
            _parameters = parameters;
            _variables = variables;
            _indexes = indexes;
        }

        public TemplateScope WithIndex(string loop, int index, bool resourceLoop = false)
        {
            var indexes = new Dictionary<string, int>(_indexes, StringComparer.OrdinalIgnoreCase) { [loop] = index };
            if (resourceLoop)
            {
                indexes[""] = index; // copyIndex() without a name is the resource loop's
            }

            return new(_template, _given, _parameters, _variables, indexes);
        }

        public object? Parameter(string name)
        {
            if (_parameters.TryGetValue(name, out var cached))
            {
                return cached;
            }

            object? value;
            if (_given.TryGetValue(name, out var given))
            {
                value = given;
            }
            else if (_template.GetProperty("parameters").GetProperty(name).TryGetProperty("defaultValue", out var defaultValue))
            {
                value = Evaluate(defaultValue);
            }
            else
            {
                throw new InvalidOperationException($"Parameter '{name}' has no value and no default");
            }

            return _parameters[name] = value;
        }

        public object? Variable(string name)
        {
            if (_variables.TryGetValue(name, out var cached))
            {
                return cached;
            }

            var variables = _template.GetProperty("variables");
            if (variables.TryGetProperty(name, out var declared))
            {
                return _variables[name] = Evaluate(declared);
            }

            // Variable loops compile to variables.copy: [{ name, count, input }].
            var loop = variables.GetProperty("copy").EnumerateArray().Single(l => l.GetProperty("name").GetString() == name);
            var count = Evaluate(loop.GetProperty("count")) as long? ?? throw new InvalidOperationException("Variable loop count unknown");
            return _variables[name] = Enumerable.Range(0, (int)count).Select(i => WithIndex(name, i).Evaluate(loop.GetProperty("input"))).ToList();
        }

        public int CopyIndex(string? loopName) =>
            _indexes.TryGetValue(loopName ?? "", out var i) ? i : throw new InvalidOperationException($"copyIndex({loopName}) outside a loop");

        public object? LambdaVariable(string name) => throw new InvalidOperationException($"lambdaVariables('{name}') outside a lambda");

        public object? Evaluate(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    {
                        var text = element.GetString()!;
                        return ArmExpression.IsExpression(text) ? ArmExpression.Evaluate(text, this)
                            : text.StartsWith("[[", StringComparison.Ordinal) ? text[1..] : text;
                    }

                case JsonValueKind.Array:
                    return element.EnumerateArray().Select(Evaluate).ToList();
                case JsonValueKind.Object:
                    {
                        var obj = ArmExpression.NewObject();
                        foreach (var property in element.EnumerateObject())
                        {
                            if (property.Name == "copy" && property.Value.ValueKind == JsonValueKind.Array)
                            {
                                // Property loops: each entry fills one array property from its `input`.
                                foreach (var loop in property.Value.EnumerateArray())
                                {
                                    var loopName = loop.GetProperty("name").GetString()!;
                                    var count = Evaluate(loop.GetProperty("count")) as long? ?? throw new InvalidOperationException("Property loop count unknown");
                                    obj[loopName] = Enumerable.Range(0, (int)count)
                                        .Select(i => WithIndex(loopName, i).Evaluate(loop.GetProperty("input")))
                                        .ToList();
                                }

                                continue;
                            }

                            obj[property.Name] = Evaluate(property.Value);
                        }

                        return obj;
                    }

                default:
                    return FromJson(element);
            }
        }
    }
}
