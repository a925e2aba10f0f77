using Conciliazione.Domain.Auditing;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Account;

/// <summary>The SPID/CIE provider does not answer: the family gets a clear Italian page.</summary>
public sealed class SpidProviderDownTests(ProviderDownPortalFactory factory) : IClassFixture<ProviderDownPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("spid")]
    [InlineData("cie")]
    public async Task ProviderDown_ShowsItalianPage_AndAuditsTheFailure(string provider)
    {
        using var client = factory.CreatePortalClient();

        using var start = await client.GetAsync($"/Account/ExternalLogin?provider={provider}&returnUrl=%2FFamily");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("/Account/ExternalLoginError?reason=unavailable", start.Headers.Location!.OriginalString);
        var page = await client.GetDocumentAsync(start.Headers.Location.OriginalString);

        Assert.Equal("Il servizio di identità non risponde, riprova più tardi.", page.Text("[data-testid=sign-in-error]"));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Select(a => new { a.Action, a.Details }).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Contains(audit, a => a.Action == AuditActions.LoginFailed && a.Details == provider + ":unavailable");
        Assert.Equal(0, await factory.WithDbAsync(db => db.Users.CountAsync(TestContext.Current.CancellationToken)));
    }
}
