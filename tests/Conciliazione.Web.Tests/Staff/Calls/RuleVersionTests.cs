using Conciliazione.Domain.Auditing;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Family.Applications.ApplicationSteps;

namespace Conciliazione.Web.Tests.Staff.Calls;

/// <summary>
/// A published call's rules never change without a trace: a numbered version with who, when, why and
/// what changed, a notice on the public page, and a notice for every family with a draft application.
/// </summary>
public sealed class RuleVersionTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Rules_OfAPublishedCallWithoutReason_AreRefusedOnTheReasonField_KeepWhatWasTyped_NothingChanges()
    {
        var callId = await OpenChildcareCallAsync(factory);
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _s = staff;
        var form = await staff.GetDocumentAsync($"/Staff/Calls/Rules/{callId}");
        Assert.NotNull(form.QuerySelector("#Reason"));

        using var response = await staff.SubmitAsync(form, new Dictionary<string, string> { ["Rules.IseeCeiling"] = "20.000,00", ["Reason"] = "" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("Indicare il motivo della modifica delle regole: sarà pubblicato sulla pagina del bando.", page.Text("#Reason-error"));
        Assert.Contains("is-invalid", page.QuerySelector("#Reason")!.ClassName, StringComparison.Ordinal);
        Assert.Equal("20.000,00", page.InputValue("#Rules_IseeCeiling"));
        var call = await CallSeeds.LoadCallAsync(factory, callId);
        Assert.Single(call.Versions);
        Assert.Equal(35_000m, call.Rules.Eligibility.IseeCeiling);
    }

    [Fact]
    public async Task Rules_OfAPublishedCallBeforeAnyApplication_AddVersion2_ShownInTheHistory_OnThePublicPage_AndToFamiliesWithADraft()
    {
        var callId = await OpenChildcareCallAsync(factory);
        using var maria = new SpidBrowser(factory);
        await maria.SignInAsync("maria-rossi");
        var draftId = await StartAsync(maria.Portal, callId);
        var (staff, account) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _s = staff;
        var form = await staff.GetDocumentAsync($"/Staff/Calls/Rules/{callId}");

        using var response = await staff.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Rules.IseeCeiling"] = "20.000,00",
            ["Reason"] = "Soglia ISEE fissata dalla delibera n. 12",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var call = await CallSeeds.LoadCallAsync(factory, callId);
        Assert.Equal(2, call.CurrentVersionNumber);
        var v2 = call.Versions.Single(v => v.Number == 2);
        Assert.Equal("Soglia ISEE fissata dalla delibera n. 12", v2.AmendmentReason);
        Assert.Equal(account.Id, v2.CreatedBy);
        Assert.Equal(35_000m, call.Versions.Single(v => v.Number == 1).Rules.Eligibility.IseeCeiling);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.CallAmended && a.EntityId == callId.ToString())));

        var details = await staff.GetDocumentAsync($"/Staff/Calls/Details/{callId}");
        var latest = details.QuerySelectorAll("[data-testid=history] tbody tr").First().TextContent;
        Assert.Contains("Soglia ISEE fissata dalla delibera n. 12", latest, StringComparison.Ordinal);
        Assert.Equal(["Soglia ISEE: 35.000,00 € -> 20.000,00 €"], details.QuerySelectorAll("[data-testid=changes-2] li").Select(li => li.TextContent.Trim()));

        var publicPage = await staff.GetDocumentAsync($"/Calls/Details/{callId}");
        var notice = publicPage.Text("[data-testid=amendments]");
        Assert.Contains("Regole modificate il", notice, StringComparison.Ordinal);
        Assert.Contains("Soglia ISEE fissata dalla delibera n. 12", notice, StringComparison.Ordinal);

        var stored = await factory.WithDbAsync(db => db.CallRuleNotices.AsNoTracking().SingleAsync());
        Assert.Equal((draftId, 2), (stored.ApplicationId, stored.VersionNumber));
        var home = await maria.Portal.GetDocumentAsync("/Family");
        Assert.Contains("Soglia ISEE fissata dalla delibera n. 12", home.Text("[data-testid=rule-change-notices]"), StringComparison.Ordinal);
        var draft = await maria.Portal.GetDocumentAsync($"/Family/Applications/Edit/{draftId}");
        Assert.Contains("Versione 2", draft.Text("[data-testid=rule-change-notices]"), StringComparison.Ordinal);

        // The family is also written to, through the outbox, in the transaction of the new version.
        var mail = await factory.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Kind == Conciliazione.Web.Notifications.Templates.CallRulesChanged.KindName));
        Assert.Equal(draftId, mail.SubjectId);
    }

    [Fact]
    public async Task Notices_AreOnlyForTheFamilyWithTheDraft()
    {
        var callId = await OpenChildcareCallAsync(factory);
        using var maria = new SpidBrowser(factory);
        await maria.SignInAsync("maria-rossi");
        await StartAsync(maria.Portal, callId);
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _s = staff;
        using var saved = await staff.SubmitAsync(await staff.GetDocumentAsync($"/Staff/Calls/Rules/{callId}"), new Dictionary<string, string>
        {
            ["Rules.IseeCeiling"] = "20.000,00",
            ["Reason"] = "Delibera n. 12",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        using var other = new SpidBrowser(factory);
        await other.SignInAsync("laura-verdi");
        var home = await other.Portal.GetDocumentAsync("/Family");

        Assert.Null(home.QuerySelector("[data-testid=rule-change-notices]"));
    }
}
