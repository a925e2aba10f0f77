using Conciliazione.Domain.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Conciliazione.Web.Tests.Security;

/// <summary>The portal as deployed: Production environment, public origin https, AllowedHosts left unset.</summary>
public sealed class ProductionPortalFactory : PortalFactory
{
    public const string Origin = "https://conciliazione.example.org";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("Portal:PublicOrigin", Origin);
        builder.UseSetting("AllowedHosts", "");
    }
}

/// <summary>HSTS of a year with subdomains, HTTPS redirection and host filtering outside Development.</summary>
public sealed class ProductionHostingTests(ProductionPortalFactory factory) : IClassFixture<ProductionPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Https_AnswersWithHstsOfAYear_IncludingSubdomains()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(ProductionPortalFactory.Origin), AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hsts = string.Join(";", response.Headers.GetValues("Strict-Transport-Security"));
        var maxAge = hsts.Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("max-age=", StringComparison.Ordinal));
        Assert.True(long.Parse(maxAge["max-age=".Length..], System.Globalization.CultureInfo.InvariantCulture) >= 31_536_000, hsts);
        Assert.Contains("includeSubDomains", hsts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttp_IsRedirectedToHttps()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://conciliazione.example.org"), AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/Calls?x=1", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(new Uri("https://conciliazione.example.org/Calls?x=1"), response.Headers.Location);
    }

    [Fact]
    public async Task AnotherHost_IsRefused()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://evil.example"), AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/Account/ForgotPassword", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

/// <summary>Outside Development the portal refuses to start without the settings its security depends on.</summary>
public sealed class ProductionStartupTests
{
    [Theory]
    [InlineData("Portal:PublicOrigin", "Portal:PublicOrigin")]
    [InlineData("DataProtection:CertificatePath", "DataProtection:CertificatePath")]
    [InlineData("AllowedHosts=*", "AllowedHosts")]
    public void Production_WithoutARequiredSetting_RefusesToStart(string missing, string named)
    {
        using var portal = new MisconfiguredPortal(missing);

        var error = Assert.ThrowsAny<Exception>(() => portal.Services);

        Assert.Contains(named, Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    private sealed class MisconfiguredPortal(string missing) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            // Never opened: start-up stops before the database.
            builder.UseSetting("ConnectionStrings:Default", "Host=127.0.0.1;Port=1;Database=none;Username=none");
            builder.UseSetting("Portal:PublicOrigin", missing == "Portal:PublicOrigin" ? "" : ProductionPortalFactory.Origin);
            builder.UseSetting("AllowedHosts", missing == "AllowedHosts=*" ? "*" : "");
            builder.UseSetting("DataProtection:CertificatePath", missing == "DataProtection:CertificatePath" ? "" : TestKeyCertificate.Path);
            builder.UseSetting("DataProtection:CertificatePassword", TestKeyCertificate.Password);
        }
    }
}
