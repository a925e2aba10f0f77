using Conciliazione.Domain.Auditing;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Security;

/// <summary>A SPID/CIE sign-in below the configured level (SpidL2 by default) is refused, through the real flow.</summary>
public sealed class SpidLevelTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("spid")]
    [InlineData("cie")]
    public async Task SignInAtLevel1_IsRefusedWithItalianPage_AuditedAndNoAccount(string provider)
    {
        using var browser = new SpidBrowser(factory);

        var page = await browser.SignInAsync("marco-gallo", provider);

        Assert.Equal("/Account/ExternalLoginError", browser.LastUrl!.AbsolutePath);
        Assert.Contains("livello di sicurezza troppo basso", page.Text("[data-testid=sign-in-error]"), StringComparison.Ordinal);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(0, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.FiscalCode != null, ct)));
        var failure = Assert.Single(await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.Action == AuditActions.LoginFailed).ToListAsync(ct)));
        Assert.Equal(provider + ":insufficient-level:L1", failure.Details);
        using var family = await browser.Portal.GetAsync("/Family");
        Assert.Equal(HttpStatusCode.Redirect, family.StatusCode);
    }

    [Fact]
    public async Task SignInAtLevel2_IsAccepted()
    {
        using var browser = new SpidBrowser(factory);

        await browser.SignInAsync("maria-rossi");

        using var family = await browser.Portal.GetAsync("/Family");
        Assert.Equal(HttpStatusCode.OK, family.StatusCode);
    }

    [Theory]
    [InlineData("https://www.spid.gov.it/SpidL1", 1)]
    [InlineData("https://www.spid.gov.it/SpidL2", 2)]
    [InlineData("https://www.spid.gov.it/SpidL3", 3)]
    [InlineData("CieL3", 3)]
    [InlineData("http://eidas.europa.eu/LoA/substantial", 2)]
    [InlineData("https://www.spid.gov.it/SpidL9", 0)]
    [InlineData(null, 0)]
    public void Levels_AreOrdered(string? acr, int level) =>
        Assert.Equal(level, Conciliazione.Web.Identity.AuthenticationLevel.Parse(acr));
}
