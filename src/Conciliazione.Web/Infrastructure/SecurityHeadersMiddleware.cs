namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// Security headers on every response (SECURITY-CHECKS #21): a CSP without 'unsafe-inline'
/// (no inline scripts or styles anywhere: Bootstrap Italia's fonts come from css/fonts.css),
/// frame-ancestors 'none', nosniff, a strict referrer policy, and no-store for signed-in users
/// so personal pages are never cached.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string Csp =
        "default-src 'self'; script-src 'self'; style-src 'self' " + BootstrapItaliaStyleHashes + "; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The Hangfire dashboard (/Admin/Jobs, admins only) writes style="" attributes in its pages, so
    /// there alone styles may be inline; scripts stay 'self' (its scripts are files). ADR 0040.
    /// </summary>
    private const string JobsDashboardCsp =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The two &lt;style&gt; elements Bootstrap Italia's bundle injects at start-up (one empty), allowed
    /// by hash rather than with 'unsafe-inline'. Recompute them when the library is upgraded: the
    /// browser console prints the hash it expected.
    /// </summary>
    private const string BootstrapItaliaStyleHashes =
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' 'sha256-wPXhisdsFu1DtHYH1D9W5isSGqS5vIPn6QJWSNLqfCM='";

    public Task InvokeAsync(HttpContext context)
    {
        // Decided now: the dashboard moves its prefix from Path to PathBase before the response starts.
        var csp = context.Request.Path.StartsWithSegments(Notifications.JobsSetup.DashboardPath, StringComparison.OrdinalIgnoreCase)
            ? JobsDashboardCsp
            : Csp;
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = csp;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            if (context.User.Identity?.IsAuthenticated == true)
            {
                h.CacheControl = "no-store";
                h.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
