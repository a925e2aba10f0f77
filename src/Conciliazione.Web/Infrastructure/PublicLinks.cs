namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// Absolute links to the portal for e-mails (password reset, invitations, contact confirmation and
/// any later notification), built from the configured public origin (<c>Portal:PublicOrigin</c>).
/// </summary>
/// <remarks>
/// Never from the request's Host header: an attacker who asks for a password reset with
/// <c>Host: evil.example</c> would otherwise have the portal mail the victim a link, with a valid
/// token, to the attacker's site (ASVS 3.5.x host header injection).
/// </remarks>
public sealed class PublicLinks(PublicOrigin origin, LinkGenerator links)
{
    /// <summary>The absolute URL of a Razor page, e.g. <c>Page("/Account/ResetPassword", new { userId, code })</c>.</summary>
    public string Page(string page, object? values = null)
    {
        var path = links.GetPathByPage(page, handler: null, values: values)
            ?? throw new InvalidOperationException("No route to page " + page);
        return origin.Base + path;
    }
}

/// <summary>The portal's public origin (scheme, host, port and optional path base), from <c>Portal:PublicOrigin</c>.</summary>
public sealed record PublicOrigin(Uri Uri)
{
    public const string Setting = "Portal:PublicOrigin";

    /// <summary>Scheme, host, port and path base, without a trailing slash: what a path is appended to.</summary>
    public string Base => Uri.GetLeftPart(UriPartial.Authority) + Uri.AbsolutePath.TrimEnd('/');

    /// <summary>
    /// Reads and checks the setting. Outside Development the portal refuses to start without it;
    /// in Development it falls back to the quick start's address.
    /// </summary>
    public static PublicOrigin FromConfiguration(IConfiguration config, IHostEnvironment environment)
    {
        var value = config[Setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    Setting + " is not configured: set it to the address families and staff use (e.g. https://conciliazione.example.org). E-mail links are built from it, never from the request's Host header.");
            }

            value = "http://127.0.0.1:5080";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new InvalidOperationException(Setting + " must be an absolute http(s) address without query, e.g. https://conciliazione.example.org");
        }

        return new PublicOrigin(uri);
    }
}
