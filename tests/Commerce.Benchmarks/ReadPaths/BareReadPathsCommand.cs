using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Commerce.Benchmarks.ReadPaths;

/// <summary>
/// <c>read-paths-bare &lt;url&gt; &lt;manifest&gt;</c>: the baseline of the wrk read-path figures (<c>wrk/run.sh</c>): a
/// bare ASP.NET Core endpoint answering each path the manifest lists (one <c>path&lt;TAB&gt;file</c> a line) with the
/// JSON the dev host answered for it, read once at start; nothing else.
/// </summary>
public static class BareReadPathsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(args[1]))!;
        var bodies = (await File.ReadAllLinesAsync(args[1]))
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => File.ReadAllBytes(Path.Combine(directory, parts[1])), StringComparer.Ordinal);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(args[0]);
        await using var app = builder.Build();
        app.MapGet("/{**path}", (HttpContext context) =>
            bodies.TryGetValue(context.Request.Path + context.Request.QueryString, out var json)
                ? Results.Bytes(json, "application/json; charset=utf-8")
                : Results.NotFound());
        await app.RunAsync();
        return 0;
    }
}
