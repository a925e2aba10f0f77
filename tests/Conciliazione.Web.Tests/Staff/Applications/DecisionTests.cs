using AngleSharp.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Web.Notifications.Templates;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Family.Applications.ApplicationSteps;
using static Conciliazione.Web.Tests.Staff.Applications.DecisionSteps;

namespace Conciliazione.Web.Tests.Staff.Applications;

/// <summary>
/// Issue 12, decisions: staff admit or not admit an application in review with the call's reasons,
/// the family is notified and downloads the decision letter, a decision is corrected only by a
/// named reopen, and what must be refused is (nothing changed).
/// </summary>
public sealed class DecisionTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    private static readonly string IseeReason = CallRules.DefaultDecisionReasons[1];

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Maria Rossi's submitted application, taken in charge by a reviewer.</summary>
    private async Task<(SpidBrowser Family, Guid CallId, Guid Id, PortalClient Staff, TestAccount Reviewer)> InReviewAsync()
    {
        var callId = await OpenChildcareCallAsync(factory);
        var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        var id = await SubmittedApplicationAsync(family.Portal, callId);
        var (staff, reviewer) = await ReviewerAsync(factory);
        await TakeInChargeAsync(factory, id, reviewer.Id);
        return (family, callId, id, staff, reviewer);
    }

    [Fact]
    public async Task Admit_RecordsTheDecision_NotifiesTheFamily_WhoSeesAmmessaAndDownloadsTheLetter()
    {
        var (family, _, id, staff, _) = await InReviewAsync();
        using var session = family;
        using var staffClient = staff;

        using var response = await DecideAsync(staff, id, DecisionOutcome.Admitted);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"/Staff/Applications/Details/{id}", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var stored = await factory.WithDbAsync(db => db.Applications.AsNoTracking().Include(a => a.Decisions).SingleAsync(a => a.Id == id));
        Assert.Equal(ApplicationStatus.Admitted, stored.Status);
        Assert.Equal(DecisionOutcome.Admitted, Assert.Single(stored.Decisions).Outcome);
        Assert.Equal(1, await AuditCountAsync(factory, id, AuditActions.ApplicationDecided));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Notifications.CountAsync(n => n.SubjectId == id && n.Kind == Admitted.KindName)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.ChildClaims.CountAsync(c => c.ApplicationId == id)));

        var details = await WaitForLetterAsync(family.Portal, id);
        Assert.Equal("Ammessa", details.Text("[data-testid=status]"));
        Assert.Equal("Ammessa", details.Text("[data-testid=outcome-value]"));
        using var letter = await family.Portal.GetAsync(details.QuerySelector("[data-testid=outcome-letter]")!.GetAttribute("href")!);
        Assert.Equal("application/pdf", letter.Content.Headers.ContentType!.MediaType);
        var text = PdfText(await letter.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        var protocol = $"{TestClock.RomeYear()}/000001";
        Assert.Contains("Comunicazione dell'esito dell'istruttoria", text, StringComparison.Ordinal);
        Assert.Contains("Esito: Ammessa", text, StringComparison.Ordinal);
        Assert.Contains("n. " + protocol, text, StringComparison.Ordinal);
        Assert.Contains("Maria Rossi", text, StringComparison.Ordinal);
        Assert.Contains("Voucher per i servizi all'infanzia", text, StringComparison.Ordinal);
        Assert.Contains("Castellanza", text, StringComparison.Ordinal);
        Assert.DoesNotContain("riesame", text, StringComparison.Ordinal);

        // The e-mail carries the same letter; staff see the decision and open the letter too.
        var mail = await WaitForMailWithAsync(factory, "maria.rossi@example.org", "esito-" + protocol.Replace('/', '-'));
        Assert.Contains("Content-Type: application/pdf", mail, StringComparison.Ordinal);
        var staffPage = await staff.GetDocumentAsync($"/Staff/Applications/Details/{id}");
        Assert.Equal("Ammessa", staffPage.Text("[data-testid=decision-outcome]"));
        Assert.Contains("Anna Verdi", staffPage.Text("[data-testid=review-decision]"), StringComparison.Ordinal);
        using var staffLetter = await staff.GetAsync(staffPage.QuerySelector("[data-testid=decision-letter]")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, staffLetter.StatusCode);
        Assert.Equal("application/pdf", staffLetter.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task NotAdmit_WithReasons_ReleasesTheChild_TheLetterExplainsTheReview_AndAReopenIsRefusedOnceTheChildIsTaken()
    {
        var (family, callId, id, staff, _) = await InReviewAsync();
        using var session = family;
        using var staffClient = staff;

        using var response = await DecideAsync(staff, id, DecisionOutcome.NotAdmitted, IseeReason, "ISEE dichiarato 36.000,00 euro");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ApplicationStatus.NotAdmitted, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.ChildClaims.CountAsync(c => c.ApplicationId == id)));
        var notice = await factory.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.SubjectId == id && n.Kind == NotAdmitted.KindName));
        Assert.Contains(IseeReason, notice.ModelJson, StringComparison.Ordinal);
        Assert.Equal(1, await AuditCountAsync(factory, id, AuditActions.ApplicationDecided));

        var details = await WaitForLetterAsync(family.Portal, id);
        Assert.Equal("Non ammessa", details.Text("[data-testid=outcome-value]"));
        Assert.Contains(IseeReason, details.Text("[data-testid=outcome-reasons]"), StringComparison.Ordinal);
        Assert.Contains("ISEE dichiarato 36.000,00 euro", details.Text("[data-testid=outcome-reasons]"), StringComparison.Ordinal);
        using var letter = await family.Portal.GetAsync(details.QuerySelector("[data-testid=outcome-letter]")!.GetAttribute("href")!);
        var text = PdfText(await letter.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Esito: Non ammessa", text, StringComparison.Ordinal);
        Assert.Contains(IseeReason, text, StringComparison.Ordinal);
        Assert.Contains("ISEE dichiarato 36.000,00 euro", text, StringComparison.Ordinal);
        Assert.Contains("Come chiedere il riesame", text, StringComparison.Ordinal);
        Assert.Contains("entro 30 giorni", text, StringComparison.Ordinal);
        Assert.Contains("ente capofila Azienda Speciale Consortile Medio Olona", text, StringComparison.Ordinal);

        // The child is free: a new application for the same child on the same call is accepted...
        var second = await SubmittedApplicationAsync(family.Portal, callId);
        Assert.Equal(1, await factory.WithDbAsync(db => db.ChildClaims.CountAsync(c => c.ApplicationId == second)));

        // ...so the first one can no longer be reopened: its child is taken.
        using var reopen = await ReopenAsync(staff, id, "Errore nella lettura dell'ISEE");
        Assert.Equal(HttpStatusCode.OK, reopen.StatusCode);
        Assert.Contains("un'altra domanda per lo stesso figlio", (await PortalClient.ParseAsync(reopen)).Text("#form-errors"), StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.NotAdmitted, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
        Assert.Equal(0, await AuditCountAsync(factory, id, AuditActions.ApplicationReopened));
        Assert.True(await factory.WithDbAsync(db => db.ApplicationDecisions.AnyAsync(d => d.ApplicationId == id && d.ReopenedAt == null)));
    }

    [Fact]
    public async Task NotAdmit_WithoutAReason_IsRefused_KeepingWhatWasTyped()
    {
        var (family, _, id, staff, _) = await InReviewAsync();
        using var session = family;
        using var staffClient = staff;

        using var response = await DecideAsync(staff, id, DecisionOutcome.NotAdmitted);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Contains("Indicare almeno un motivo della non ammissione", page.Text("#form-errors"), StringComparison.Ordinal);
        Assert.True(page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#Input_Outcome_NotAdmitted")!.IsChecked);
        Assert.Equal(ApplicationStatus.InReview, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
        Assert.False(await factory.WithDbAsync(db => db.ApplicationDecisions.AnyAsync(d => d.ApplicationId == id)));
        Assert.Equal(0, await AuditCountAsync(factory, id, AuditActions.ApplicationDecided));

        using var noOutcome = await DecideAsync(staff, id, null, note: "senza esito");
        var refused = await PortalClient.ParseAsync(noOutcome);
        Assert.Contains("Scegliere l'esito", refused.Text("#form-errors"), StringComparison.Ordinal);
        Assert.Equal("senza esito", refused.QuerySelector<AngleSharp.Html.Dom.IHtmlTextAreaElement>("#Input_Note")!.Value);
    }

    [Fact]
    public async Task Decide_OnAnApplicationNotInReview_ShowsWhy_AndChangesNothing()
    {
        var callId = await OpenChildcareCallAsync(factory);
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        var id = await SubmittedApplicationAsync(family.Portal, callId);
        var (staff, _) = await ReviewerAsync(factory);
        using var staffClient = staff;

        var page = await DecidePageAsync(staff, id);
        Assert.Contains("prenderla in carico", page.Text("[data-testid=cannot-decide]"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=decide-form]"));

        // A crafted post, with the application's current version: the domain refuses it.
        var token = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var version = await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => EF.Property<uint>(a, "xmin")).SingleAsync());
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Outcome"] = "Admitted",
            ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var response = await staff.Http.PostAsync(new Uri($"/Staff/Applications/Decide/{id}", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Si decide solo una domanda in istruttoria", (await PortalClient.ParseAsync(response)).Text("#form-errors"), StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Submitted, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
        Assert.False(await factory.WithDbAsync(db => db.ApplicationDecisions.AnyAsync(d => d.ApplicationId == id)));
        Assert.Equal(0, await AuditCountAsync(factory, id, AuditActions.ApplicationDecided));
    }

    [Fact]
    public async Task Reopen_NeedsAReason_KeepsTheEarlierDecisionWithIt_AndTheApplicationIsDecidedAgain()
    {
        var (family, _, id, staff, _) = await InReviewAsync();
        using var session = family;
        using var staffClient = staff;
        using (var admitted = await DecideAsync(staff, id, DecisionOutcome.Admitted))
        {
            Assert.Equal(HttpStatusCode.Redirect, admitted.StatusCode);
        }

        using (var empty = await ReopenAsync(staff, id, ""))
        {
            Assert.Contains("Indicare il motivo della riapertura", (await PortalClient.ParseAsync(empty)).Text("#form-errors"), StringComparison.Ordinal);
            Assert.Equal(ApplicationStatus.Admitted, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
        }

        using (var reopened = await ReopenAsync(staff, id, "ISEE da ricontrollare"))
        {
            Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        }

        Assert.Equal(ApplicationStatus.InReview, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
        Assert.Equal(1, await AuditCountAsync(factory, id, AuditActions.ApplicationReopened));
        var familyPage = await family.Portal.GetDocumentAsync($"/Family/Applications/Details/{id}");
        Assert.Null(familyPage.QuerySelector("[data-testid=outcome]"));

        using (var notAdmitted = await DecideAsync(staff, id, DecisionOutcome.NotAdmitted, IseeReason))
        {
            Assert.Equal(HttpStatusCode.Redirect, notAdmitted.StatusCode);
        }

        var page = await staff.GetDocumentAsync($"/Staff/Applications/Details/{id}");
        Assert.Equal("Non ammessa", page.Text("[data-testid=decision-outcome]"));
        var earlier = page.Text("[data-testid=earlier-decisions]");
        Assert.Contains("Ammessa", earlier, StringComparison.Ordinal);
        Assert.Contains("ISEE da ricontrollare", earlier, StringComparison.Ordinal);
        Assert.Contains("Riaperta da Anna Verdi", earlier, StringComparison.Ordinal);
        var decisions = await factory.WithDbAsync(db => db.ApplicationDecisions.AsNoTracking().Where(d => d.ApplicationId == id).ToListAsync());
        Assert.Equal(2, decisions.Count);
        Assert.Single(decisions, d => d.ReopenedAt == null && d.Outcome == DecisionOutcome.NotAdmitted);
        Assert.Equal(0, await factory.WithDbAsync(db => db.ChildClaims.CountAsync(c => c.ApplicationId == id)));
    }

    [Fact]
    public async Task TheLetter_IsForTheOwningFamilyAndTheAllianceStaffOnly()
    {
        var (family, _, id, staff, _) = await InReviewAsync();
        using var session = family;
        using var staffClient = staff;
        using (var admitted = await DecideAsync(staff, id, DecisionOutcome.Admitted))
        {
            Assert.Equal(HttpStatusCode.Redirect, admitted.StatusCode);
        }

        var details = await WaitForLetterAsync(family.Portal, id);
        var familyLink = details.QuerySelector("[data-testid=outcome-letter]")!.GetAttribute("href")!;
        var staffLink = (await staff.GetDocumentAsync($"/Staff/Applications/Details/{id}")).QuerySelector("[data-testid=decision-letter]")!.GetAttribute("href")!;

        using var other = new SpidBrowser(factory);
        await other.SignInAsync("giuseppe-bianchi");
        using (var denied = await other.Portal.GetAsync(familyLink))
        {
            Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        }

        var otherAlliance = Guid.NewGuid();
        await factory.WithDbAsync(async db =>
        {
            db.Alliances.Add(new Conciliazione.Domain.Alliances.Alliance { Id = otherAlliance, Slug = "altra", Name = "Altra alleanza", LeadPartnerName = "Altro capofila" });
            await db.SaveChangesAsync();
        });
        var (foreign, _) = await ReviewerAsync(factory, "Mario Esterno", otherAlliance);
        using var foreignClient = foreign;
        using (var denied = await foreign.GetAsync(staffLink))
        {
            Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        }

        using (var denied = await foreign.GetAsync($"/Staff/Applications/Decide/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        }

        using (var denied = await foreign.GetAsync($"/Staff/Applications/Reopen/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        }

        // A family cannot reach the staff link at all.
        using (var forbidden = await family.Portal.GetAsync(staffLink))
        {
            Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
        }
    }
}
