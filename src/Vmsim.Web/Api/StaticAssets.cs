using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Vmsim.Web.Api;

/// <summary>The page's files, embedded in the assembly from wwwroot/ and served from memory.</summary>
internal static class StaticAssets
{
    private const string Prefix = "wwwroot/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    };

    /// <summary>Every embedded file, by its path under wwwroot/ with forward slashes.</summary>
    public static IReadOnlyDictionary<string, byte[]> Files { get; } = Load();

    /// <summary>Serves <c>/</c> as index.html and every other file at its own path.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var (path, content) in Files)
        {
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            var route = path == "index.html" ? "/" : "/" + path;
            app.MapGet(route, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(content, type);
            });
        }
    }

    private static Dictionary<string, byte[]> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var path = name.Replace('\\', '/');
            if (!path.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[path[Prefix.Length..]] = buffer.ToArray();
        }

        return files;
    }
}
