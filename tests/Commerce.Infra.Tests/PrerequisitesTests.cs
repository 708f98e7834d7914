using System.Text.RegularExpressions;

namespace Commerce.Infra.Tests;

/// <summary>
/// The README's prerequisites table and what CI installs are one list, <c>.ci/prerequisites.tsv</c>: the table shows
/// every row of it, <c>.ci/run</c> installs only from it, and every tool the README's shell commands run comes from it.
/// </summary>
public sealed partial class PrerequisitesTests
{
    sealed record Prerequisite(string Name, string NeededBy, string Check, string Install, string Elsewhere, string Ci, string[] Commands);

    static readonly string Root = Bicep.RepositoryRoot;

    static IReadOnlyList<Prerequisite> List() =>
        File.ReadAllLines(Path.Combine(Root, ".ci", "prerequisites.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(c => c.Length == 7
                ? new Prerequisite(c[0], c[1], c[2], c[3], c[4], c[5], c[6].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                : throw new InvalidDataException($".ci/prerequisites.tsv: a row has {c.Length} columns, not 7: {string.Join(" | ", c)}"))
            .ToList();

    static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    /// <summary>The rows of the README's table between the prerequisites markers, cells unescaped, code marks dropped.</summary>
    static List<string[]> ReadmeRows()
    {
        var readme = Readme;
        var start = readme.IndexOf("<!-- prerequisites", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- /prerequisites -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no prerequisites table between <!-- prerequisites --> and <!-- /prerequisites -->");
        return readme[start..end].Split('\n')
            .Where(l => l.StartsWith('|'))
            .Skip(2)
            .Select(l => UnescapedPipe().Split(l.Trim().Trim('|')).Select(c => c.Trim().Replace("`", "", StringComparison.Ordinal).Replace("\\|", "|", StringComparison.Ordinal)).ToArray())
            .ToList();
    }

    [Fact]
    public void The_README_table_shows_every_prerequisite_CI_knows_with_the_same_install_commands()
    {
        var expected = List().Select(p => new[] { p.Name, p.NeededBy, p.Install, p.Elsewhere }).ToList();
        var shown = ReadmeRows();

        Assert.Equal(expected.Select(r => string.Join(" | ", r)), shown.Select(r => string.Join(" | ", r)));
    }

    [Fact]
    public void CI_installs_only_from_the_list_and_everything_the_tests_need_is_installed_or_checked()
    {
        var run = File.ReadAllText(Path.Combine(Root, ".ci", "run"));

        Assert.Contains("done < .ci/prerequisites.tsv", run, StringComparison.Ordinal);
        Assert.DoesNotMatch(AptInstall(), run);
        Assert.DoesNotContain("npm install -g", run, StringComparison.Ordinal);
        foreach (var p in List())
        {
            Assert.Contains(p.Ci, new[] { "install", "present", "optional" });
            if (p.Ci == "install")
            {
                Assert.StartsWith("sudo apt-get install -y ", p.Install, StringComparison.Ordinal);
            }

            if (p.NeededBy.Contains("dotnet test", StringComparison.Ordinal))
            {
                Assert.NotEqual("optional", p.Ci);
            }
        }
    }

    [Fact]
    public void Every_tool_the_README_commands_run_comes_from_the_list()
    {
        var provided = List().SelectMany(p => p.Commands).ToHashSet(StringComparer.Ordinal);
        string[] shell = ["cd", "cp", "for", "do", "done", "export", "bash", "git"];
        var blocks = ShellBlock().Matches(Readme).Select(m => m.Groups[1].Value);
        var tools = blocks
            .SelectMany(b => b.Split('\n'))
            .Select(l => Quoted().Replace(l, "Q").Split('#')[0]) // a quoted argument is one word, whatever it holds
            .SelectMany(l => CommandStart().Split(l))
            .Select(c => c.Trim().Split(' ', 2)[0])
            .Where(c => c.Length > 0 && !c.StartsWith('-') && !c.Contains('='))
            .Distinct()
            .ToList();

        Assert.Contains("dotnet", tools);
        Assert.All(tools.Where(t => !shell.Contains(t)), t => Assert.True(provided.Contains(t), $"README runs `{t}`, which no row of .ci/prerequisites.tsv provides"));
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();

    [GeneratedRegex(@"apt-get\s+install\s+(-\S+\s+)*[a-z]")]
    private static partial Regex AptInstall();

    [GeneratedRegex(@"```(?:bash|sh)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"&&|\|\||;|\||&|\bdo\b")]
    private static partial Regex CommandStart();

    [GeneratedRegex(@"'[^']*'|""[^""]*""")]
    private static partial Regex Quoted();
}
