using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Commerce.Infra.Tests;

/// <summary>A value only known when Azure runs the deployment (a <c>reference()</c>, a module output); carries where it comes from.</summary>
public sealed record Unknown(string Origin)
{
    public override string ToString() => $"<{Origin}>";
}

/// <summary>What an expression can see: the template's parameters and variables, and the indexes of the loops it sits in.</summary>
public interface IArmScope
{
    object? Parameter(string name);

    object? Variable(string name);

    int CopyIndex(string? loopName);

    object? LambdaVariable(string name);
}

/// <summary>
/// A small evaluator for the ARM template expression language, enough for what Bicep emits for this project's
/// templates. Values are strings, longs, bools, null, <see cref="List{T}"/>, <see cref="Dictionary{TKey,TValue}"/>
/// (case-insensitive keys, as ARM's are) and <see cref="Unknown"/> for runtime-only values. Unknown inputs make
/// unknown results, except that objects keep their keys: an app setting's name is known even when its value is not.
/// </summary>
public static class ArmExpression
{
    public static bool IsExpression(string text) =>
        text.Length >= 2 && text[0] == '[' && text[^1] == ']' && !text.StartsWith("[[", StringComparison.Ordinal);

    public static object? Evaluate(string text, IArmScope scope)
    {
        var parser = new Parser(text[1..^1]);
        var node = parser.ParseExpression();
        parser.ExpectEnd();
        return node.Evaluate(scope);
    }

    public static Dictionary<string, object?> NewObject() => new(StringComparer.OrdinalIgnoreCase);

    // ---- syntax ----

    private abstract record Node
    {
        public abstract object? Evaluate(IArmScope scope);
    }

    private sealed record Literal(object? Value) : Node
    {
        public override object? Evaluate(IArmScope scope) => Value;
    }

    private sealed record Member(Node Target, string Name) : Node
    {
        public override object? Evaluate(IArmScope scope) => Access(Target.Evaluate(scope), Name);
    }

    private sealed record Index(Node Target, Node Key) : Node
    {
        public override object? Evaluate(IArmScope scope)
        {
            var key = Key.Evaluate(scope);
            return key switch
            {
                string name => Access(Target.Evaluate(scope), name),
                _ => Target.Evaluate(scope) switch
                {
                    Unknown u => new Unknown($"{u.Origin}[{key}]"),
                    List<object?> list when key is long i => i < list.Count ? list[(int)i] : throw new InvalidOperationException($"Index {i} out of range"),
                    var other => key is Unknown ? new Unknown($"{other}[?]") : throw new InvalidOperationException($"Cannot index {other} with {key}"),
                },
            };
        }
    }

    private sealed record Call(string Name, IReadOnlyList<Node> Args) : Node
    {
        public override object? Evaluate(IArmScope scope) => Functions.Invoke(Name, Args, scope);
    }

    private sealed record Lambda(IReadOnlyList<string> Parameters, Node Body) : Node
    {
        public override object? Evaluate(IArmScope scope) => this;

        public object? Invoke(IArmScope scope, params object?[] args) =>
            Body.Evaluate(new LambdaScope(scope, Parameters.Zip(args).ToDictionary(p => p.First, p => p.Second, StringComparer.OrdinalIgnoreCase)));
    }

    private sealed class LambdaScope(IArmScope outer, Dictionary<string, object?> values) : IArmScope
    {
        public object? Parameter(string name) => outer.Parameter(name);

        public object? Variable(string name) => outer.Variable(name);

        public int CopyIndex(string? loopName) => outer.CopyIndex(loopName);

        public object? LambdaVariable(string name) => values.TryGetValue(name, out var v) ? v : outer.LambdaVariable(name);
    }

    private static object? Access(object? target, string name) => target switch
    {
        Unknown u => new Unknown($"{u.Origin}.{name}"),
        Dictionary<string, object?> obj => obj.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"No property '{name}'"),
        _ => throw new InvalidOperationException($"Cannot read '{name}' of {target ?? "null"}"),
    };

    private sealed class Parser(string text)
    {
        private int _pos;

        public Node ParseExpression()
        {
            var node = ParsePrimary();
            while (true)
            {
                SkipSpace();
                if (Peek('.'))
                {
                    _pos++;
                    node = new Member(node, ReadIdentifier());
                }
                else if (Peek('['))
                {
                    _pos++;
                    var key = ParseExpression();
                    Expect(']');
                    node = new Index(node, key);
                }
                else
                {
                    return node;
                }
            }
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_pos != text.Length)
            {
                throw new FormatException($"Unexpected '{text[_pos..]}' in [{text}]");
            }
        }

        private Node ParsePrimary()
        {
            SkipSpace();
            if (Peek('\''))
            {
                return new Literal(ReadString());
            }

            if (char.IsDigit(text[_pos]) || text[_pos] == '-')
            {
                var start = _pos++;
                while (_pos < text.Length && char.IsDigit(text[_pos]))
                {
                    _pos++;
                }

                return new Literal(long.Parse(text[start.._pos], CultureInfo.InvariantCulture));
            }

            var name = ReadIdentifier();
            Expect('(');
            var args = new List<Node>();
            SkipSpace();
            if (!Peek(')'))
            {
                do
                {
                    args.Add(ParseExpression());
                    SkipSpace();
                }
                while (TryConsume(','));
            }

            Expect(')');
            if (name.Equals("lambda", StringComparison.OrdinalIgnoreCase))
            {
                var parameters = args.Take(args.Count - 1).Select(a => (string)((Literal)a).Value!).ToList();
                return new Lambda(parameters, args[^1]);
            }

            return new Call(name, args);
        }

        private string ReadString()
        {
            var sb = new StringBuilder();
            _pos++;
            while (true)
            {
                if (text[_pos] == '\'')
                {
                    if (_pos + 1 < text.Length && text[_pos + 1] == '\'')
                    {
                        sb.Append('\'');
                        _pos += 2;
                        continue;
                    }

                    _pos++;
                    return sb.ToString();
                }

                sb.Append(text[_pos++]);
            }
        }

        private string ReadIdentifier()
        {
            SkipSpace();
            var start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '_' or '$' or '#'))
            {
                _pos++;
            }

            return start == _pos ? throw new FormatException($"Identifier expected at {_pos} in [{text}]") : text[start.._pos];
        }

        private bool Peek(char c) => _pos < text.Length && text[_pos] == c;

        private bool TryConsume(char c)
        {
            SkipSpace();
            if (!Peek(c))
            {
                return false;
            }

            _pos++;
            return true;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw new FormatException($"'{c}' expected at {_pos} in [{text}]");
            }
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] == ' ')
            {
                _pos++;
            }
        }
    }

    // ---- functions ----

    private static class Functions
    {
        public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
        public const string TenantId = "00000000-0000-0000-0000-0000000000bb";

        public static object? Invoke(string name, IReadOnlyList<Node> args, IArmScope scope)
        {
            switch (name.ToLowerInvariant())
            {
                // Lazy: only the branch taken is evaluated.
                case "if":
                    return args[0].Evaluate(scope) switch
                    {
                        true => args[1].Evaluate(scope),
                        false => args[2].Evaluate(scope),
                        var c => new Unknown($"if({c}, {Show(args[1].Evaluate(scope))}, {Show(args[2].Evaluate(scope))})"),
                    };
                case "copyindex":
                    {
                        var loop = args.Count > 0 && args[0].Evaluate(scope) is string s ? s : null;
                        var offset = args.Count > 0 && args[^1].Evaluate(scope) is long o ? o : 0;
                        return scope.CopyIndex(loop) + offset;
                    }
            }

            var values = args.Select(a => a.Evaluate(scope)).ToList();
            switch (name.ToLowerInvariant())
            {
                case "parameters": return scope.Parameter((string)values[0]!);
                case "variables": return scope.Variable((string)values[0]!);
                case "lambdavariables": return scope.LambdaVariable((string)values[0]!);
                case "createobject":
                    {
                        var obj = NewObject();
                        for (var i = 0; i < values.Count; i += 2)
                        {
                            obj[(string)values[i]!] = values[i + 1];
                        }

                        return obj;
                    }

                case "createarray": return values.ToList();
                case "true": return true;
                case "false": return false;
                case "null": return null;
                case "subscription": return Obj("id", $"/subscriptions/{SubscriptionId}", "subscriptionId", SubscriptionId, "tenantId", TenantId);
                case "tenant": return Obj("tenantId", TenantId);
                case "deployment": return Obj("name", "deployment");
                case "environment": return Obj("name", "AzureCloud", "suffixes", Obj("storage", "core.windows.net"));
                case "reference": return new Unknown($"reference({values[0] as string ?? Show(values[0])})");
                case "resourcegroup": return Obj("id", $"/subscriptions/{SubscriptionId}/resourceGroups/rg", "name", "rg", "location", "loc");
            }

            if (name.ToLowerInvariant() is "resourceid" or "subscriptionresourceid" or "extensionresourceid")
            {
                // Ids keep their structure when a name is only known at deployment time.
                values = values.Select(v => v is Unknown u ? $"<{u.Origin.Replace('/', '|')}>" : v).ToList();
            }

            if (values.OfType<Unknown>().FirstOrDefault() is { } unknown && name.ToLowerInvariant() is not ("union" or "concat" or "empty" or "length" or "map" or "filter" or "flatten" or "format"))
            {
                return new Unknown($"{name}(... {unknown.Origin} ...)");
            }

            switch (name.ToLowerInvariant())
            {
                case "format":
                    {
                        // A format over runtime values is itself a runtime value, but its text still shows its shape.
                        var text = string.Format(
                            CultureInfo.InvariantCulture,
                            (string)values[0]!,
                            values.Skip(1).Select(v => v is bool b ? (b ? "True" : "False") : v).ToArray());
                        return values.Any(v => v is Unknown) ? new Unknown(text) : text;
                    }
                case "concat":
                    if (values.All(v => v is List<object?>))
                    {
                        return values.Cast<List<object?>>().SelectMany(l => l).ToList();
                    }

                    return values.Any(v => v is Unknown) ? new Unknown("concat") : string.Concat(values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
                case "union":
                    {
                        if (values.Any(v => v is Unknown))
                        {
                            return new Unknown("union");
                        }

                        if (values.All(v => v is List<object?>))
                        {
                            return values.Cast<List<object?>>().SelectMany(l => l).Distinct().ToList();
                        }

                        var merged = NewObject();
                        foreach (var obj in values.Cast<Dictionary<string, object?>>())
                        {
                            foreach (var (k, v) in obj)
                            {
                                merged[k] = v;
                            }
                        }

                        return merged;
                    }

                case "equals": return Equals(values[0], values[1]);
                case "greater": return Convert.ToInt64(values[0], CultureInfo.InvariantCulture) > Convert.ToInt64(values[1], CultureInfo.InvariantCulture);
                case "not": return !(bool)values[0]!;
                case "and": return values.All(v => (bool)v!);
                case "or": return values.Any(v => (bool)v!);
                case "empty":
                    return values[0] switch
                    {
                        Unknown => new Unknown("empty"),
                        null => true,
                        string s => s.Length == 0,
                        List<object?> l => l.Count == 0,
                        Dictionary<string, object?> d => d.Count == 0,
                        var other => throw new InvalidOperationException($"empty({other})"),
                    };
                case "length":
                    return values[0] switch
                    {
                        Unknown => new Unknown("length"),
                        string s => (long)s.Length,
                        List<object?> l => (long)l.Count,
                        Dictionary<string, object?> d => (long)d.Count,
                        var other => throw new InvalidOperationException($"length({other})"),
                    };
                case "map":
                    return values[0] is List<object?> items
                        ? items.Select(item => ((Lambda)values[1]!).Invoke(scope, item)).ToList()
                        : new Unknown("map");
                case "filter":
                    return values[0] is List<object?> candidates
                        ? candidates.Where(item => ((Lambda)values[1]!).Invoke(scope, item) is true).ToList()
                        : new Unknown("filter");
                case "trim": return ((string)values[0]!).Trim();
                case "replace": return ((string)values[0]!).Replace((string)values[1]!, (string)values[2]!, StringComparison.Ordinal);
                case "join": return string.Join((string)values[1]!, ((List<object?>)values[0]!).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
                case "range": return Enumerable.Range((int)(long)values[0]!, (int)(long)values[1]!).Select(i => (object?)(long)i).ToList();
                case "flatten":
                    return values[0] is List<object?> nested
                        ? nested.SelectMany(inner => inner as List<object?> ?? throw new InvalidOperationException($"flatten({inner})")).ToList()
                        : new Unknown("flatten");
                case "tolower": return ((string)values[0]!).ToLowerInvariant();
                case "toupper": return ((string)values[0]!).ToUpperInvariant();
                case "string": return values[0] is string s1 ? s1 : Convert.ToString(values[0], CultureInfo.InvariantCulture);
                case "split": return ((string)values[0]!).Split((string)values[1]!).Cast<object?>().ToList();
                case "contains":
                    return values[0] switch
                    {
                        string s => s.Contains((string)values[1]!, StringComparison.Ordinal),
                        List<object?> l => l.Contains(values[1]),
                        Dictionary<string, object?> d => d.ContainsKey((string)values[1]!),
                        _ => false,
                    };
                case "uniquestring": return Hash(values, 13);
                case "guid": return Guid(values);
                case "resourceid":
                    return ResourceId($"/subscriptions/{SubscriptionId}/resourceGroups/rg", values);
                case "subscriptionresourceid":
                    return ResourceId($"/subscriptions/{SubscriptionId}", values);
                case "extensionresourceid":
                    return ResourceId((string)values[0]!, values.Skip(1).ToList());
                default:
                    // listKeys, listConnectionStrings, ... : never used here; the policy tests reject them by text.
                    return new Unknown($"{name}(...)");
            }
        }

        private static string ResourceId(string parent, IReadOnlyList<object?> values)
        {
            var type = ((string)values[0]!).Split('/');
            var names = values.Skip(1).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!).ToList();
            var sb = new StringBuilder(parent).Append("/providers/").Append(type[0]);
            for (var i = 1; i < type.Length; i++)
            {
                sb.Append('/').Append(type[i]).Append('/').Append(names[i - 1]);
            }

            return sb.ToString();
        }

        private static string Hash(IEnumerable<object?> values, int length)
        {
            var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", values)));
            return Convert.ToHexStringLower(bytes)[..length];
        }

        private static string Guid(IEnumerable<object?> values)
        {
            var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|", values)));
            return new Guid(bytes.AsSpan(0, 16)).ToString();
        }

        private static Dictionary<string, object?> Obj(params object?[] pairs)
        {
            var obj = NewObject();
            for (var i = 0; i < pairs.Length; i += 2)
            {
                obj[(string)pairs[i]!] = pairs[i + 1];
            }

            return obj;
        }

        private static string Show(object? value) => value switch
        {
            Unknown u => u.Origin,
            null => "null",
            string text => $"'{text}'",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
        };
    }
}
