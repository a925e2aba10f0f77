using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// How the portal's static files travel: compressed (Brotli, else gzip) and cached by the browser,
/// for a year when the address is versioned (<c>asp-append-version</c> adds <c>?v=</c>, the file's
/// content hash), for an hour otherwise. See docs/decisions/0020-compression-and-static-caching.md.
/// </summary>
/// <remarks>
/// Only static types are compressed, never HTML or JSON: a page that carries a secret (the
/// antiforgery token, a session's data) next to text the request reflects would let an attacker who
/// watches response sizes guess the secret byte by byte (BREACH). CSS, JavaScript and SVG files are
/// the same for everyone and carry nothing secret, so they are compressed over HTTPS too.
/// </remarks>
public static class StaticAssets
{
    /// <summary>Versioned files never change at their address: cache for a year, no revalidation.</summary>
    public const string VersionedCacheControl = "public, max-age=31536000, immutable";

    /// <summary>Unversioned files (fonts, sprites, images) may change with a release: an hour.</summary>
    public const string UnversionedCacheControl = "public, max-age=3600";

    /// <summary>The types worth compressing that never carry a secret. woff2, PNG, PDF are already compressed.</summary>
    public static readonly string[] CompressedTypes =
        ["text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/manifest+json", "text/plain"];

    public static IServiceCollection AddPortalStaticAssets(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = CompressedTypes;
        });
        // Optimal is Brotli quality 4 and gzip level 6: a 1 MB bundle in a few milliseconds, about 4x smaller.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>Compression, then the static files with their cache lifetime. In place of <c>UseStaticFiles()</c>.</summary>
    public static IApplicationBuilder UsePortalStaticAssets(this IApplicationBuilder app)
    {
        app.UseResponseCompression();
        return app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx => ctx.Context.Response.Headers[HeaderNames.CacheControl] =
                ctx.Context.Request.Query.ContainsKey("v") ? VersionedCacheControl : UnversionedCacheControl,
        });
    }
}
