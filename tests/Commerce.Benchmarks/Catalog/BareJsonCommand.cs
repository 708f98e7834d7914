using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Commerce.Benchmarks.Catalog;

/// <summary>
/// <c>catalog-bare &lt;url&gt; &lt;json file&gt;</c>: the baseline for the product GET figure: a bare ASP.NET Core
/// endpoint answering <c>/api/products/{id}</c> with the same pre-serialized JSON (and an ETag), nothing else.
/// </summary>
public static class BareJsonCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var json = await File.ReadAllBytesAsync(args[1]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(args[0]);
        await using var app = builder.Build();
        app.MapGet("/api/products/{id}", (HttpContext context, string id) =>
        {
            context.Response.Headers.ETag = "\"bare\"";
            context.Response.Headers.CacheControl = "public, max-age=60";
            return Results.Bytes(json, "application/json; charset=utf-8");
        });
        await app.RunAsync();
        return 0;
    }
}
