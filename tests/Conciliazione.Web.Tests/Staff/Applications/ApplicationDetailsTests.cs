using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Tests.Family.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Applications;

/// <summary>
/// Issue 12, "an application as staff see it": every section, the documents (open inline or
/// download, another alliance's is a 404), the timeline, internal notes the family never sees,
/// the automatic checks re-run on the frozen version, and the checklist ticked during the review.
/// </summary>
public sealed class ApplicationDetailsTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    private static readonly DateOnly ChildBirth = new(2016, 5, 12);
    private static readonly string ChildCode = ApplicationSteps.ChildCode(ChildBirth, female: false, "BNCLCU");

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<ApplicationSeeds.Seed> SeedAsync(
        Guid callId,
        string protocol,
        Guid? familyId = null,
        string? childCode = null,
        Action<Application>? fill = null,
        Func<Application, Guid?, bool>? after = null,
        Guid? staffId = null,
        Guid? providerId = null) =>
        ApplicationSeeds.SubmittedAsync(factory, callId, protocol, childCode ?? ChildCode, ChildBirth, familyId, fill, after, staffId, providerId);

    private static bool InReview(Application a, Guid? staff)
    {
        a.TakeInCharge(staff!.Value, DateTimeOffset.UtcNow.AddDays(-1));
        return true;
    }

    private static IReadOnlyList<(string Flag, string Outcome, string Text)> Checks(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=check]").Select(c => (c.GetAttribute("data-flag")!, c.GetAttribute("data-outcome")!, c.TextContent.Trim())).ToList();

    [Fact]
    public async Task Page_ShowsEverySection_InItalian_AndTheTimelineWithWhoWhenWhy()
    {
        var providerId = await CallSeeds.ProviderAsync(factory);
        var callId = await CallSeeds.CallAsync(factory, DateTimeOffset.UtcNow, providerId: providerId);
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;
        var seed = await SeedAsync(callId, "2026/000001", after: InReview, staffId: staff.Id, providerId: providerId);

        var page = await client.GetDocumentAsync($"/Staff/Applications/Details/{seed.Id}");

        Assert.Equal("Domanda 2026/000001 - Conciliazione", page.Title);
        Assert.Equal("In istruttoria", page.Text("[data-testid=status]"));
        var applicant = page.Text("[data-testid=section-applicant]");
        Assert.Contains("Maria Bianchi", applicant, StringComparison.Ordinal);
        Assert.Contains("03/02/1985", applicant, StringComparison.Ordinal);
        var household = page.Text("[data-testid=section-household]");
        Assert.Contains("Marco Bianchi", household, StringComparison.Ordinal);
        Assert.Contains("Lavoratore autonomo", household, StringComparison.Ordinal);
        Assert.Contains($"Luca Bianchi, nato/a il 12/05/2016, C.F. {ChildCode}", page.Text("[data-testid=child]"), StringComparison.Ordinal);
        Assert.Equal("Castellanza", page.Text("[data-testid=municipality]"));
        Assert.Contains("Comune di Castellanza", page.Text("[data-testid=section-employment]"), StringComparison.Ordinal);
        var isee = page.Text("[data-testid=section-isee]");
        Assert.Contains("14.000,00 €", isee, StringComparison.Ordinal);
        Assert.Contains("INPS-ISEE-2018-00012345A-00", isee, StringComparison.Ordinal);
        Assert.Contains("Micronido", page.Text("[data-testid=section-service]"), StringComparison.Ordinal);
        Assert.Equal("Nido Girotondo Srl", page.Text("[data-testid=provider]"));
        var declarations = page.Text("[data-testid=section-declarations]");
        Assert.Contains("contributo comunale mensa", declarations, StringComparison.Ordinal);
        Assert.Contains("di essere residente in uno dei comuni dell'alleanza", declarations, StringComparison.Ordinal);
        var history = page.QuerySelectorAll("[data-testid=history]").Select(h => h.TextContent).ToList();
        Assert.Equal(2, history.Count);
        Assert.Contains("Inviata", history[0], StringComparison.Ordinal);
        Assert.Contains("la famiglia", history[0], StringComparison.Ordinal);
        Assert.Contains("In istruttoria", history[1], StringComparison.Ordinal);
        Assert.Contains("Utente di prova Staff", history[1], StringComparison.Ordinal);
        Assert.Contains("Presa in carico", history[1], StringComparison.Ordinal);
        // Documents grouped by the frozen version's requirements, the optional one listed even without a file.
        var groups = page.QuerySelectorAll("[data-testid=documents] h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Attestazione ISEE (obbligatorio)", "Certificato di disabilità"], groups);
    }

    [Fact]
    public async Task Checks_AreReRunUnderTheFrozenVersion_WithExplanations()
    {
        var callId = await CallSeeds.CallAsync(factory, DateTimeOffset.UtcNow, freeze: true);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;
        var clean = await SeedAsync(callId, "2026/000001", childCode: ApplicationSteps.ChildCode(ChildBirth, female: true, "VRDGLI"));
        var flawed = await SeedAsync(callId, "2026/000002", childCode: ApplicationSteps.ChildCode(ChildBirth.AddDays(1), female: false, "NRELCU"), fill: a =>
        {
            a.UpdateIsee(new IseeSection { HasIsee = true, Type = IseeType.Minorenni, Value = 31_000m, DsuNumber = "INPS-ISEE-2018-1", ExpiresOn = new DateOnly(2018, 1, 1) }, DateTimeOffset.UtcNow);
            a.UpdateDeclarations(new DeclarationsSection { OtherBenefits = ["Nidi Gratis"], PrivacyNoticeAccepted = true }, DateTimeOffset.UtcNow);
            a.RemoveDocument(a.Documents.Single().Id, DateTimeOffset.UtcNow);
        });
        // A stricter version after submission changes nothing for applications made under version 1.
        await factory.WithDbAsync(async db =>
        {
            var call = await db.Calls.Include(c => c.Versions).SingleAsync(c => c.Id == callId, TestContext.Current.CancellationToken);
            call.Amend("Soglia ISEE corretta", call.Rules with { Eligibility = call.Rules.Eligibility with { IseeCeiling = 10_000m } }, null, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        var good = Checks(await client.GetDocumentAsync($"/Staff/Applications/Details/{clean.Id}"));
        var bad = Checks(await client.GetDocumentAsync($"/Staff/Applications/Details/{flawed.Id}"));

        Assert.All(good, c => Assert.True(c.Outcome == nameof(CheckOutcome.Ok), c.Text));
        Assert.Contains(good, c => c.Text.Contains("Il tuo ISEE non supera il limite di 30.000,00 €", StringComparison.Ordinal));
        Assert.Contains(good, c => c.Text.Contains("sesso femminile", StringComparison.Ordinal));
        Assert.Contains(bad, c => c is { Flag: ReviewFlags.Eligibility, Outcome: nameof(CheckOutcome.Failed) } && c.Text.Contains("supera il limite di 30.000,00 €", StringComparison.Ordinal));
        Assert.Contains(bad, c => c is { Flag: ReviewFlags.FiscalCode, Outcome: nameof(CheckOutcome.Failed) } && c.Text.Contains("non corrisponde alla data di nascita dichiarata (12/05/2016)", StringComparison.Ordinal));
        Assert.Contains(bad, c => c is { Flag: ReviewFlags.Benefits, Outcome: nameof(CheckOutcome.Failed) } && c.Text.Contains("Nidi Gratis", StringComparison.Ordinal));
        Assert.Contains(bad, c => c is { Flag: ReviewFlags.IseeExpired, Outcome: nameof(CheckOutcome.Failed) } && c.Text.Contains("L'ISEE era scaduto il 01/01/2018", StringComparison.Ordinal));
        Assert.Contains(bad, c => c is { Flag: ReviewFlags.MissingDocuments, Outcome: nameof(CheckOutcome.Failed) } && c.Text.Contains("Mancano: Attestazione ISEE.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SameChild_InOtherCallsOfTheProject_IsListed_ButNotDraftsNorWithdrawnOnes()
    {
        var now = DateTimeOffset.UtcNow;
        var first = await CallSeeds.CallAsync(factory, now);
        var second = await CallSeeds.CallAsync(factory, now, reference: "AV-2018-02", title: "Centri estivi 2018");
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;
        var reviewed = await SeedAsync(first, "2026/000001");
        var alone = await SeedAsync(first, "2026/000002", childCode: ApplicationSteps.ChildCode(ChildBirth, female: true, "VRDGLI"));
        await SeedAsync(second, "2026/000003");
        await SeedAsync(second, "2026/000004", after: (a, _) =>
        {
            a.Withdraw(a.FamilyUserId, DateTimeOffset.UtcNow, "non serve");
            return true;
        });
        var familyId = (await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false)).Id;
        await factory.WithDbAsync(async db =>
        {
            var draft = Application.StartDraft(CastellanzaPlan.AllianceId, second, familyId, new ApplicantSection { GivenName = "Anna" }, now);
            draft.UpdateHousehold(new HouseholdSection { Children = [new ChildEntry { GivenName = "Luca", FiscalCode = ChildCode, BirthDate = ChildBirth }] }, now);
            db.Applications.Add(draft);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        var duplicate = Checks(await client.GetDocumentAsync($"/Staff/Applications/Details/{reviewed.Id}")).Single(c => c.Flag == ReviewFlags.DuplicateChild);
        var single = Checks(await client.GetDocumentAsync($"/Staff/Applications/Details/{alone.Id}")).Single(c => c.Flag == ReviewFlags.DuplicateChild);

        Assert.Equal(nameof(CheckOutcome.Warning), duplicate.Outcome);
        Assert.Contains("2026/000003 (bando AV-2018-02 - Centri estivi 2018, inviata) per il figlio " + ChildCode, duplicate.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("2026/000004", duplicate.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("2026/000002", duplicate.Text, StringComparison.Ordinal);
        Assert.Equal(nameof(CheckOutcome.Ok), single.Outcome);
    }

    [Fact]
    public async Task Submission_StoresTheFlags_AndANote_IsSavedAudited_AndNeverShownToTheFamily()
    {
        var callId = await ApplicationSteps.OpenChildcareCallAsync(factory);
        var careCall = await factory.WithDbAsync(db => db.Calls.Where(c => c.Title == DemoCalls.CareCallTitle).Select(c => c.Id).SingleAsync(TestContext.Current.CancellationToken));
        // The same child already in another call of the demo project.
        var earlier = await SeedAsync(careCall, "2026/000900", childCode: ApplicationSteps.ChildCode(ApplicationSteps.ChildBirth, female: false));
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        var id = await ApplicationSteps.SubmittedApplicationAsync(family.Portal, callId);
        var flags = await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Flags).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Contains(ReviewFlags.DuplicateChild, flags);
        var earlierFlags = await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == earlier.Id).Select(a => a.Flags).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Empty(earlierFlags);

        var (client, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;
        var page = await client.GetDocumentAsync($"/Staff/Applications/Details/{id}");
        using var empty = await client.SubmitAsync(page, new Dictionary<string, string> { ["Note.Text"] = "  " }, "form[data-testid=note-form]");
        Assert.Contains("Scrivere il testo della nota.", (await PortalClient.ParseAsync(empty)).Errors());
        using var saved = await client.SubmitAsync(page, new Dictionary<string, string> { ["Note.Text"] = "Telefonato al nido: iscrizione confermata." }, "form[data-testid=note-form]");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var after = await client.GetDocumentAsync($"/Staff/Applications/Details/{id}");
        var note = Assert.Single(after.QuerySelectorAll("[data-testid=note]"));
        Assert.Contains("Telefonato al nido: iscrizione confermata.", note.TextContent, StringComparison.Ordinal);
        Assert.Contains("Utente di prova Staff", note.TextContent, StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == AuditActions.ReviewNoteAdded && e.EntityId == id.ToString(), TestContext.Current.CancellationToken)));
        using var familyPage = await family.Portal.GetAsync($"/Family/Applications/Details/{id}");
        Assert.Equal(HttpStatusCode.OK, familyPage.StatusCode);
        Assert.DoesNotContain("Telefonato al nido", await familyPage.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // The page read before the note carries the old version: a second note from it saves nothing.
        using var stale = await client.SubmitAsync(page, new Dictionary<string, string> { ["Note.Text"] = "Seconda nota da una pagina vecchia" }, "form[data-testid=note-form]");
        Assert.Contains((await PortalClient.ParseAsync(stale)).Errors(), e => e.StartsWith("Nel frattempo Utente di prova Staff ha aggiunto una nota", StringComparison.Ordinal));
        Assert.Equal(1, await factory.WithDbAsync(db => db.ReviewNotes.CountAsync(n => n.ApplicationId == id, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task AReviewStep_RefreshesTheStoredFlags()
    {
        var callId = await CallSeeds.CallAsync(factory, DateTimeOffset.UtcNow);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;
        var seed = await SeedAsync(callId, "2026/000001", fill: a => a.RemoveDocument(a.Documents.Single().Id, DateTimeOffset.UtcNow));
        Assert.Empty(await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == seed.Id).Select(a => a.Flags).SingleAsync(TestContext.Current.CancellationToken)));

        var page = await client.GetDocumentAsync($"/Staff/Applications/Details/{seed.Id}");
        Assert.Empty(await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == seed.Id).Select(a => a.Flags).SingleAsync(TestContext.Current.CancellationToken)));
        using var saved = await client.SubmitAsync(page, new Dictionary<string, string> { ["Note.Text"] = "Manca l'ISEE" }, "form[data-testid=note-form]");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal([ReviewFlags.MissingDocuments], await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == seed.Id).Select(a => a.Flags).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Checklist_IsTickedWithNotes_InReview_AndReadOnlyOnceDecided()
    {
        var callId = await CallSeeds.CallAsync(factory, DateTimeOffset.UtcNow);
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;
        var seed = await SeedAsync(callId, "2026/000001", after: InReview, staffId: staff.Id);
        var page = await client.GetDocumentAsync($"/Staff/Applications/Details/{seed.Id}");
        Assert.Equal(CallRules.DefaultChecklist, page.QuerySelectorAll("[data-testid=checklist-form] legend").Select(l => l.TextContent.Trim()).ToList());

        using var tooLong = await client.SubmitAsync(page, new Dictionary<string, string> { ["Checklist.Items[1].Note"] = new string('x', 501) }, "form[data-testid=checklist-form]");
        var refused = await PortalClient.ParseAsync(tooLong);
        Assert.Contains("La nota supera i 500 caratteri.", refused.Errors());
        Assert.Equal(new string('x', 501), refused.InputValue("#Checklist_Items_1__Note"));
        using var saved = await client.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Checklist.Items[0].Done"] = "true",
            ["Checklist.Items[1].Note"] = "ISEE da ricontrollare con la DSU",
        }, "form[data-testid=checklist-form]");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var ticks = await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == seed.Id).SelectMany(a => a.Checklist).OrderBy(t => t.ItemKey).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, ticks.Count);
        Assert.Equal(("chk-1", true, (string?)null, staff.Id), (ticks[0].ItemKey, ticks[0].Done, ticks[0].Note, ticks[0].By));
        Assert.Equal(("chk-2", false, "ISEE da ricontrollare con la DSU"), (ticks[1].ItemKey, ticks[1].Done, ticks[1].Note));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == AuditActions.ChecklistTicked && e.EntityId == seed.Id.ToString(), TestContext.Current.CancellationToken)));
        var reloaded = await client.GetDocumentAsync($"/Staff/Applications/Details/{seed.Id}");
        Assert.True(reloaded.QuerySelector<IHtmlInputElement>("#Checklist_Items_0__Done")!.IsChecked);

        // Decided: the list is read-only on the page, and a post from the old page is refused by the domain.
        await factory.WithDbAsync(async db =>
        {
            var a = await db.Applications.SingleAsync(x => x.Id == seed.Id, TestContext.Current.CancellationToken);
            a.Decide(DecisionOutcome.Admitted, [], null, staff.Id, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var decided = await client.GetDocumentAsync($"/Staff/Applications/Details/{seed.Id}");
        Assert.Null(decided.QuerySelector("[data-testid=checklist-form]"));
        Assert.Contains("Verificato", decided.Text("[data-testid=checklist-readonly]"), StringComparison.Ordinal);
        var version = decided.QuerySelector<IHtmlInputElement>("input[name='Note.Version']")!.Value;
        using var late = await client.SubmitAsync(reloaded, new Dictionary<string, string> { ["Checklist.Items[2].Done"] = "true", ["Checklist.Version"] = version }, "form[data-testid=checklist-form]");
        Assert.Contains("La lista di controllo si compila durante l'istruttoria: riaprire la domanda per modificarla.", (await PortalClient.ParseAsync(late)).Errors());
        Assert.Equal(2, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == seed.Id).SelectMany(a => a.Checklist).CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Documents_AreGroupedByRequirement_WithAnswersToRequests_TheReceiptAndTheLetterLabelled()
    {
        var callId = await CallSeeds.CallAsync(factory, DateTimeOffset.UtcNow);
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;
        var seed = await SeedAsync(callId, "2026/000001", staffId: staff.Id, after: (a, by) =>
        {
            var now = DateTimeOffset.UtcNow.AddDays(-1);
            a.AttachReceipt(CallSeeds.Pdf, now);
            a.TakeInCharge(by!.Value, now);
            var request = a.RequestDocuments([new RequestedItem("doc-2", "Certificato di disabilità"), new RequestedItem("busta-paga", "Ultima busta paga")], "Servono i documenti indicati.", now.AddDays(10), by.Value, now);
            a.AnswerDocumentRequest(request.Id, [("doc-2", "certificato.pdf", UploadKind.Pdf, CallSeeds.Pdf), ("busta-paga", "busta.pdf", UploadKind.Pdf, CallSeeds.Pdf)], "Ecco i documenti", now.AddHours(1));
            var decision = a.Decide(DecisionOutcome.Admitted, [], null, by.Value, now.AddHours(2));
            decision.AttachLetter(a.AttachDecisionLetterForTest(now.AddHours(2)));
            return true;
        });

        var page = await client.GetDocumentAsync($"/Staff/Applications/Details/{seed.Id}");

        var groups = page.QuerySelectorAll("[data-testid=documents] h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Attestazione ISEE (obbligatorio)", "Certificato di disabilità", "Richiesto con integrazione: Ultima busta paga", "Ricevuta della domanda", "Lettera di esito"], groups);
        var answered = page.QuerySelectorAll("[data-testid=document]").Single(d => d.TextContent.Contains("certificato.pdf", StringComparison.Ordinal));
        Assert.Contains("inviato in risposta all'integrazione del", answered.TextContent, StringComparison.Ordinal);
        Assert.Equal(5, page.QuerySelectorAll("[data-testid=document] [data-testid=open]").Length);
    }

    [Fact]
    public async Task Documents_OpenInline_OrDownload_Audited_AndAnotherAlliancesAreNotFound()
    {
        var callId = await CallSeeds.CallAsync(factory, DateTimeOffset.UtcNow);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;
        var seed = await SeedAsync(callId, "2026/000001");
        var other = await SeedAsync(callId, "2026/000002");
        var page = await client.GetDocumentAsync($"/Staff/Applications/Details/{seed.Id}");
        var open = page.QuerySelector("[data-testid=open]")!.GetAttribute("href")!;
        var download = page.QuerySelector("[data-testid=download]")!.GetAttribute("href")!;

        using var inline = await client.GetAsync(open);
        using var attachment = await client.GetAsync(download);

        Assert.Equal(HttpStatusCode.OK, inline.StatusCode);
        Assert.Equal("application/pdf", inline.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", inline.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("isee.pdf", inline.Content.Headers.ContentDisposition.FileNameStar ?? inline.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(CallSeeds.Pdf, await inline.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("attachment", attachment.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(CallSeeds.Pdf, await attachment.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.DocumentDownloaded && e.EntityId == seed.DocumentId.ToString(), TestContext.Current.CancellationToken)));

        // Another application's document through this application's address: not found.
        using var mismatched = await client.GetAsync($"/Staff/Applications/Details/{seed.Id}?handler=Document&documentId={other.DocumentId}&inline=true");
        Assert.Equal(HttpStatusCode.NotFound, mismatched.StatusCode);

        var stranger = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        var (outsider, _) = await AllianceBuilder.SignedInStaffAsync(factory, stranger.Id);
        using var _o = outsider;
        using var foreignPage = await outsider.GetAsync($"/Staff/Applications/Details/{seed.Id}");
        using var foreignOpen = await outsider.GetAsync(open);
        using var foreignDownload = await outsider.GetAsync(download);
        Assert.Equal(HttpStatusCode.NotFound, foreignPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignOpen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignDownload.StatusCode);
        Assert.Equal(2, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.DocumentDownloaded && e.EntityId == seed.DocumentId.ToString(), TestContext.Current.CancellationToken)));
    }
}

internal static class DecisionLetterSeeding
{
    /// <summary>Stands in for the decision letter the decisions feature renders: a PDF document with the decision key.</summary>
    public static Guid AttachDecisionLetterForTest(this Application a, DateTimeOffset now)
    {
        var letter = ApplicationDocument.Create(a.Id, ApplicationDocument.DecisionKey, "esito.pdf", UploadKind.Pdf, CallSeeds.Pdf, now);
        a.Documents.Add(letter);
        return letter.Id;
    }
}
