using System.Text.RegularExpressions;

namespace Commerce.DevHost.Tests;

/// <summary>Route templates as the document writes their paths: <c>{id:regex(...)}</c> is <c>{id}</c>.</summary>
public static partial class RouteTemplates
{
    public static string WithoutConstraints(string template) => Constraint().Replace(template, "{$1}");

    [GeneratedRegex(@"\{([A-Za-z0-9_]+):[^}]*\}")]
    private static partial Regex Constraint();
}
