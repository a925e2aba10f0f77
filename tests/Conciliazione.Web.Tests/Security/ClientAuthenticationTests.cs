using Microsoft.AspNetCore.Hosting;

namespace Conciliazione.Web.Tests.Security;

/// <summary>The test provider requires client_secret_basic from the SPID client and client_secret_post from the CIE client.</summary>
public static class StrictIdp
{
    public static TestIdpServer Create() => new(new Dictionary<string, string>
    {
        ["TestIdp:Clients:0:ClientId"] = "conciliazione-spid",
        ["TestIdp:Clients:0:ClientSecret"] = "segreto-di-sviluppo-spid",
        ["TestIdp:Clients:0:Scheme"] = "spid",
        ["TestIdp:Clients:0:TokenEndpointAuthMethod"] = "client_secret_basic",
        ["TestIdp:Clients:1:ClientId"] = "conciliazione-cie",
        ["TestIdp:Clients:1:ClientSecret"] = "segreto-di-sviluppo-cie",
        ["TestIdp:Clients:1:Scheme"] = "cie",
        ["TestIdp:Clients:1:TokenEndpointAuthMethod"] = "client_secret_post",
    });
}

/// <summary>The portal configured as each client must: SPID with basic, CIE with post.</summary>
public sealed class MatchingClientAuthFactory() : SpidPortalFactory(StrictIdp.Create())
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:Spid:ClientAuthentication", "client_secret_basic");
        builder.UseSetting("Portal:Cie:ClientAuthentication", "client_secret_post");
    }
}

/// <summary>The portal configured the wrong way round: SPID with post, CIE with basic.</summary>
public sealed class MismatchedClientAuthFactory() : SpidPortalFactory(StrictIdp.Create())
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:Spid:ClientAuthentication", "client_secret_post");
        builder.UseSetting("Portal:Cie:ClientAuthentication", "client_secret_basic");
    }
}

/// <summary>The token endpoint's client authentication is a per-provider setting (post or basic).</summary>
public sealed class ClientAuthenticationTests(MatchingClientAuthFactory factory) : IClassFixture<MatchingClientAuthFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("spid")]
    [InlineData("cie")]
    public async Task SignIn_WithTheMethodTheProviderRequires_Succeeds(string provider)
    {
        using var browser = new SpidBrowser(factory);

        await browser.SignInAsync("maria-rossi", provider);

        Assert.Equal("/Family", browser.LastUrl!.AbsolutePath);
    }
}

public sealed class WrongClientAuthenticationTests(MismatchedClientAuthFactory factory) : IClassFixture<MismatchedClientAuthFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("spid")]
    [InlineData("cie")]
    public async Task SignIn_WithTheWrongMethod_Fails(string provider)
    {
        using var browser = new SpidBrowser(factory);

        var page = await browser.SignInAsync("maria-rossi", provider);

        Assert.Equal("/Account/ExternalLoginError", browser.LastUrl!.AbsolutePath);
        Assert.Equal("Accesso non riuscito", page.Text("h1"));
    }
}
