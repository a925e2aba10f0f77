using AngleSharp.Html.Dom;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>
/// A browser for the SPID/CIE redirect flow: one cookie jar per host (the portal on
/// https://localhost, the test identity provider on its loopback port), redirects followed by
/// hand so a test can stop at any hop, look at it or tamper with it.
/// </summary>
public sealed class SpidBrowser : IDisposable
{
    private const int MaxHops = 10;

    public SpidBrowser(SpidPortalFactory factory)
    {
        Portal = factory.CreatePortalClient();
        var idpCookies = new CookieContainer();
        var idpHttp = new HttpClient(new HttpClientHandler { CookieContainer = idpCookies, AllowAutoRedirect = false, UseProxy = false })
        {
            BaseAddress = factory.Idp.Address,
        };
        Idp = new PortalClient(idpHttp, idpCookies);
    }

    public PortalClient Portal { get; }

    public PortalClient Idp { get; }

    /// <summary>The portal's address for the last response <see cref="FollowAsync"/> returned.</summary>
    public Uri? LastUrl { get; private set; }

    /// <summary>Clicks "Entra con SPID/CIE": the portal answers with the redirect to the provider's authorization endpoint.</summary>
    public async Task<Uri> StartAsync(string provider = "spid", string returnUrl = "/Family")
    {
        using var response = await Portal.GetAsync($"/Account/ExternalLogin?provider={provider}&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>Opens the provider's identity picker.</summary>
    public async Task<IHtmlDocument> OpenPickerAsync(Uri authorizeUrl) => await Idp.GetDocumentAsync(authorizeUrl.ToString());

    /// <summary>Picks an identity on the provider's page: the provider answers with the redirect back to the portal (code and state in the query).</summary>
    public async Task<Uri> PickAsync(IHtmlDocument picker, string identityKey)
    {
        using var response = await Idp.SubmitAsync(picker, new Dictionary<string, string> { ["identity"] = identityKey }, "main form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>Cancels on the provider's page.</summary>
    public async Task<Uri> CancelAsync(IHtmlDocument picker)
    {
        using var response = await Idp.SubmitAsync(picker, new Dictionary<string, string>(), "main form", "cancel", "1");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>GETs a URL and follows redirects across both hosts; returns the first non-redirect answer.</summary>
    public async Task<HttpResponseMessage> FollowAsync(Uri url)
    {
        var current = url.IsAbsoluteUri ? url : new Uri(new Uri(TestIdpServer.PortalOrigin), url);
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var client = current.Host == "localhost" ? Portal : Idp;
            var response = await client.GetAsync(current.ToString());
            if ((int)response.StatusCode is < 300 or >= 400)
            {
                LastUrl = current;
                return response;
            }

            current = new Uri(current, response.Headers.Location!);
            response.Dispose();
        }

        throw new InvalidOperationException("Too many redirects from " + url);
    }

    /// <summary>The whole journey: "Entra con SPID", pick the identity, back to the portal; returns the page the portal lands on.</summary>
    public async Task<IHtmlDocument> SignInAsync(string identityKey, string provider = "spid", string returnUrl = "/Family")
    {
        var authorize = await StartAsync(provider, returnUrl);
        var picker = await OpenPickerAsync(authorize);
        var callback = await PickAsync(picker, identityKey);
        using var landed = await FollowAsync(callback);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        return await PortalClient.ParseAsync(landed);
    }

    public void Dispose()
    {
        Portal.Dispose();
        Idp.Dispose();
    }
}
