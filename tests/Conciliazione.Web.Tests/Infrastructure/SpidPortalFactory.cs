using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>
/// The portal with SPID and CIE pointed at the test identity provider, started first on a
/// loopback port. Client ids and secrets are the provider's development defaults.
/// </summary>
public class SpidPortalFactory : PortalFactory
{
    public SpidPortalFactory()
        : this(new TestIdpServer())
    {
    }

    /// <summary>With a provider configured by the subclass (e.g. its clients' authentication methods).</summary>
    protected SpidPortalFactory(TestIdpServer idp) => Idp = idp;

    public TestIdpServer Idp { get; }

    /// <summary>Where the portal looks for the provider; a subclass may point it elsewhere.</summary>
    protected virtual Uri Authority => Idp.Address;

    protected virtual bool StartsIdp => true;

    public override async ValueTask InitializeAsync()
    {
        if (StartsIdp)
        {
            await Idp.StartAsync();
        }

        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        SpidSettings.Apply(builder, Authority);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Portal settings that point SPID and CIE at a provider (the test provider's development clients).</summary>
public static class SpidSettings
{
    public static void Apply(IWebHostBuilder builder, Uri authority)
    {
        foreach (var (section, scheme) in new[] { ("Spid", "spid"), ("Cie", "cie") })
        {
            builder.UseSetting($"Portal:{section}:Authority", authority.ToString().TrimEnd('/'));
            builder.UseSetting($"Portal:{section}:ClientId", "conciliazione-" + scheme);
            builder.UseSetting($"Portal:{section}:ClientSecret", "segreto-di-sviluppo-" + scheme);
            builder.UseSetting($"Portal:{section}:RequireHttpsMetadata", "false");
            builder.UseSetting($"Portal:{section}:AcrValues", "https://www.spid.gov.it/SpidL2");
            // Generous: test classes run in parallel on two shared cores. "Provider down" is a closed port (refused at once).
            builder.UseSetting($"Portal:{section}:BackchannelTimeout", "00:01:30");
        }
    }
}

/// <summary>The portal with its providers pointed at a loopback port where nothing listens.</summary>
public sealed class ProviderDownPortalFactory : SpidPortalFactory
{
    private readonly Uri closedPort = ClosedPort();

    protected override Uri Authority => closedPort;

    protected override bool StartsIdp => false;

    private static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }
}
