using Conciliazione.Domain.Auditing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Security;

/// <summary>The portal behind one configured proxy address and one configured proxy network.</summary>
public sealed class BehindProxyPortalFactory : PortalFactory
{
    public const string Proxy = "198.51.100.7";
    public const string ProxyNetwork = "10.1.2.0/24";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:KnownProxies:0", Proxy);
        builder.UseSetting("Portal:KnownNetworks:0", ProxyNetwork);
    }
}

/// <summary>
/// X-Forwarded-For counts only from configured proxies: from anyone else (loopback included) it
/// changes neither the rate-limit partition nor the audited IP.
/// </summary>
public sealed class ForwardedHeadersTests(BehindProxyPortalFactory factory) : IClassFixture<BehindProxyPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("192.0.2.99")]
    public async Task ResetRateLimit_FromANonProxy_IgnoresForwardedFor(string remote)
    {
        using var client = ClientFrom(remote);
        for (var i = 1; i <= 5; i++)
        {
            using var ok = await ForgotPasswordAsync(client, forwardedFor: $"203.0.113.{i}");
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        using var sixth = await ForgotPasswordAsync(client, forwardedFor: "203.0.113.6");

        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
    }

    [Theory]
    [InlineData(BehindProxyPortalFactory.Proxy, "203.0.113.20", "203.0.113.21")]
    [InlineData("10.1.2.3", "203.0.113.40", "203.0.113.41")]
    public async Task ResetRateLimit_FromAConfiguredProxy_CountsTheForwardedClient(string proxy, string first, string second)
    {
        using var client = ClientFrom(proxy);
        for (var i = 1; i <= 5; i++)
        {
            using var ok = await ForgotPasswordAsync(client, forwardedFor: first);
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        using var sameClient = await ForgotPasswordAsync(client, forwardedFor: first);
        using var otherClient = await ForgotPasswordAsync(client, forwardedFor: second);

        Assert.Equal(HttpStatusCode.TooManyRequests, sameClient.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, otherClient.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("192.0.2.99", "192.0.2.99")]
    [InlineData(BehindProxyPortalFactory.Proxy, "203.0.113.30")]
    [InlineData("10.1.2.3", "203.0.113.30")]
    public async Task AuditIp_IsTheForwardedClientOnlyFromAConfiguredProxy(string remote, string audited)
    {
        using var client = ClientFrom(remote);
        var form = await client.GetDocumentAsync("/Account/Login");
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.30");

        using var failed = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Email"] = "nessuno@example.org",
            ["Input.Password"] = "una password sbagliata",
        });

        var ips = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Action == AuditActions.LoginFailed)
            .Select(e => e.IpAddress).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal([audited], ips);
    }

    private PortalClient ClientFrom(string remote)
    {
        var client = factory.CreatePortalClient();
        client.Http.DefaultRequestHeaders.Remove(TestClientIpStartupFilter.Header);
        client.Http.DefaultRequestHeaders.Add(TestClientIpStartupFilter.Header, remote);
        return client;
    }

    private static async Task<HttpResponseMessage> ForgotPasswordAsync(PortalClient client, string forwardedFor)
    {
        var form = await client.GetDocumentAsync("/Account/ForgotPassword");
        client.Http.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        try
        {
            return await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Email"] = "nessuno@example.org" });
        }
        finally
        {
            client.Http.DefaultRequestHeaders.Remove("X-Forwarded-For");
        }
    }
}
