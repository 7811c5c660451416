using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;

namespace LibreQoS.WebUi;

/// <summary>The front-end (wwwroot/), embedded in this assembly and served from memory with an ETag.</summary>
internal sealed class EmbeddedAssets
{
    private const string Prefix = "wwwroot/";
    private readonly Dictionary<string, Asset> _assets = new(StringComparer.Ordinal);

    private sealed record Asset(byte[] Content, string ContentType, string ETag);

    public EmbeddedAssets()
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            byte[] content = buffer.ToArray();
            string path = "/" + name[Prefix.Length..];
            string type = types.TryGetContentType(path, out var t) ? t : "application/octet-stream";
            if (type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("javascript", StringComparison.Ordinal))
                type += "; charset=utf-8";
            _assets[path] = new Asset(content, type, $"\"{Convert.ToHexString(SHA256.HashData(content))[..16]}\"");
        }
    }

    public IEnumerable<string> Paths => _assets.Keys;

    /// <summary>The asset at <paramref name="path"/>; a path without an extension is a page (<c>/tree</c> → <c>/tree.html</c>).</summary>
    public IResult Serve(HttpContext http, string? path)
    {
        string key = "/" + (string.IsNullOrEmpty(path) ? "index.html" : path);
        if (!_assets.TryGetValue(key, out var asset) && !_assets.TryGetValue(key + ".html", out asset))
            return TypedResults.NotFound();
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch == asset.ETag)
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
