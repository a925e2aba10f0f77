using Conciliazione.TestIdp;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>
/// The local test identity provider (src/Conciliazione.TestIdp) on a real loopback port, so the
/// portal's OpenID Connect handler talks to it over HTTP exactly as it would to a gateway.
/// </summary>
public sealed class TestIdpServer(IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<IdpProgram>
{
    /// <summary>The portal under test answers on https://localhost (TestServer).</summary>
    public const string PortalOrigin = "https://localhost";

    public Uri Address { get; private set; } = null!;

    /// <summary>Starts the provider and asks it once for its metadata and keys, so its first real request is not also its slowest.</summary>
    public async Task<Uri> StartAsync()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        using var http = new HttpClient { BaseAddress = Address };
        (await http.GetAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative))).EnsureSuccessStatusCode();
        (await http.GetAsync(new Uri("/.well-known/jwks", UriKind.Relative))).EnsureSuccessStatusCode();
        return Address;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("TestIdp:PortalOrigins:0", PortalOrigin);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }
}
