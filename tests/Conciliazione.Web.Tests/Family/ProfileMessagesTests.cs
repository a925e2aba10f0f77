using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Notifications.Templates;
using Conciliazione.Web.Tests.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Family;

/// <summary>The profile's e-mail language choice and the list of messages sent to the family (only its own).</summary>
public sealed class ProfileMessagesTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<Guid> UserIdAsync(string fiscalCode) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.FiscalCode == fiscalCode).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task Family_ChoosesEnglish_AndTheNextMailIsInEnglish_AndListed()
    {
        using var maria = new SpidBrowser(factory);
        await maria.SignInAsync("maria-rossi");
        var mariaId = await UserIdAsync("RSSMRA85C52F205Q");
        var profile = await maria.Portal.GetDocumentAsync("/Family/Profile");
        Assert.NotNull(profile.QuerySelector("[data-testid=no-messages]"));

        using var saved = await maria.Portal.SubmitAsync(profile, new Dictionary<string, string> { ["EmailLanguage"] = "en" }, formSelector: "main form[action*=Language]");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("en", await factory.WithDbAsync(db => db.FamilyProfiles.Where(p => p.UserId == mariaId).Select(p => p.EmailLanguage).SingleAsync()));

        var id = await OutboxSteps.NotifyAsync(factory, mariaId, new AdmittedModel(Guid.NewGuid(), "2026/000009"));
        await OutboxSteps.WaitForAsync(factory, id, n => n.Status == NotificationStatus.Sent, "sent");

        var mail = Assert.Single(factory.Mailbox.MessagesTo("maria.rossi@example.org"));
        Assert.Contains("Subject: Application admitted - reference 2026/000009", mail, StringComparison.Ordinal);
        var after = await maria.Portal.GetDocumentAsync("/Family/Profile");
        Assert.Equal("en", after.QuerySelector("input[name=EmailLanguage][checked]")!.GetAttribute("value"));
        var row = after.QuerySelector("[data-testid=messages] tbody tr")!.TextContent;
        Assert.Contains("Application admitted - reference 2026/000009", row, StringComparison.Ordinal);
        Assert.Contains("inviata", row, StringComparison.Ordinal);

        // Another family sees none of Maria's messages.
        using var laura = new SpidBrowser(factory);
        await laura.SignInAsync("laura-verdi");
        var lauras = await laura.Portal.GetDocumentAsync("/Family/Profile");
        Assert.NotNull(lauras.QuerySelector("[data-testid=no-messages]"));
    }

    [Fact]
    public async Task FamilyWithoutEmail_SeesTheMessageInThePortal()
    {
        using var luca = new SpidBrowser(factory);
        await luca.SignInAsync("luca-colombo");
        var lucaId = await UserIdAsync("CLMLCU01A30B300I");

        var id = await OutboxSteps.NotifyAsync(factory, lucaId, new AdmittedModel(Guid.NewGuid(), "2026/000010"));
        await OutboxSteps.WaitForAsync(factory, id, n => n.Status == NotificationStatus.PortalOnly, "portal only");

        var row = (await luca.Portal.GetDocumentAsync("/Family/Profile")).QuerySelector("[data-testid=messages] tbody tr")!.TextContent;
        Assert.Contains("Domanda ammessa - protocollo 2026/000010", row, StringComparison.Ordinal);
        Assert.Contains("solo nel portale", row, StringComparison.Ordinal);
    }
}
