using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Web.Notifications.Templates;
using Conciliazione.Web.Review;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Staff.Applications.DocumentRequestSteps;

namespace Conciliazione.Web.Tests.Staff.Applications;

/// <summary>Issue 12: staff ask the family for documents (integrazione), move the deadline, cancel; bad input changes nothing.</summary>
public sealed class DocumentRequestsTests(PortalFactory factory) : PortalTest(factory)
{
    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly TodayInRome => DocumentRequestDeadline.Today(DateTimeOffset.UtcNow);

    private Task<List<AuditEvent>> AuditAsync(string action) =>
        Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Action == action).ToListAsync(TestContext.Current.CancellationToken));

    [Fact]
    public async Task Request_WithACallDocumentAndAnOtherOne_AsksTheFamily_UntilTheEndOfTheDayInRome_AuditedAndEmailed()
    {
        var (staff, account) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _ = staff;
        var seeded = await InReviewAsync(Factory, account.Id);
        var due = TodayInRome.AddDays(5);

        var form = await staff.GetDocumentAsync($"/Staff/Applications/RequestDocuments/{seeded.ApplicationId}");
        Assert.Equal(Iso(TodayInRome.AddDays(DocumentRequest.DefaultDays)), form.InputValue("#Input_DueDate"));
        Assert.Equal(["Attestazione ISEE", "Certificato di disabilità"], form.QuerySelectorAll("#Input_Items label").Select(l => l.TextContent.Trim()));
        using var response = await staff.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Documents"] = "doc-1",
            ["Input.Others[0]"] = "Contratto con il nido",
            ["Input.Message"] = "Serve l'attestazione aggiornata e il contratto firmato.",
            ["Input.DueDate"] = Iso(due),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var application = await LoadAsync(Factory, seeded.ApplicationId);
        Assert.Equal(ApplicationStatus.DocumentsRequested, application.Status);
        var request = Assert.Single(application.DocumentRequests);
        Assert.Equal([new RequestedItem("doc-1", "Attestazione ISEE"), new RequestedItem("altro-1", "Contratto con il nido")], request.Items);
        Assert.Equal(DocumentRequestStatus.Open, request.Status);
        // The end of the chosen day in Rome: the next midnight there, whatever the season.
        var rome = TimeZoneInfo.ConvertTime(request.DueAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome"));
        Assert.Equal(due.AddDays(1).ToDateTime(TimeOnly.MinValue), rome.DateTime);
        Assert.Equal(TimeSpan.Zero, request.DueAt.Offset);
        var audit = Assert.Single(await AuditAsync(AuditActions.DocumentsRequested));
        Assert.Equal(account.Id, audit.ActorId);
        Assert.Equal(seeded.ApplicationId.ToString(), audit.EntityId);
        var mail = Assert.Single(await Factory.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == DocumentsRequested.KindName).ToListAsync(TestContext.Current.CancellationToken)));
        Assert.Equal(seeded.Family.Id, mail.FamilyUserId);
        Assert.Equal(seeded.ApplicationId, mail.SubjectId);
        Assert.Contains("Contratto con il nido", mail.ModelJson, StringComparison.Ordinal);
        // The e-mail names the last day (not the midnight after it) and links to the family's answer page.
        var sent = await Notifications.OutboxSteps.WaitForAsync(Factory, mail.Id, n => n.Status == Conciliazione.Domain.Notifications.NotificationStatus.Sent, "sent");
        Assert.Contains($"entro il {Format(due)} (fino alle 23:59)", sent.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{PortalFactory.PublicOrigin}/Family/Applications/Integrazione/{seeded.ApplicationId}", sent.TextBody, StringComparison.Ordinal);

        var details = await staff.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Richiesta di integrazione inviata", details.Text("[role=status]"), StringComparison.Ordinal);
        var section = details.QuerySelector("[data-testid=document-requests]")!;
        Assert.Equal(["Attestazione ISEE", "Contratto con il nido"], section.QuerySelectorAll("[data-testid=request-items] li").Select(l => l.TextContent.Trim()));
        Assert.StartsWith(Format(due), section.QuerySelector("[data-testid=request-due]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("Aperta: in attesa della famiglia", section.QuerySelector("[data-testid=request-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(section.QuerySelector("[data-testid=overdue]"));
    }

    private static string Format(DateOnly day) => day.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Request_WithNoItems_OrAPastDeadline_ShowsItalianMessages_KeepsWhatWasTyped_AndChangesNothing()
    {
        var (staff, account) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _ = staff;
        var seeded = await InReviewAsync(Factory, account.Id);
        var form = await staff.GetDocumentAsync($"/Staff/Applications/RequestDocuments/{seeded.ApplicationId}");

        using var noItems = await staff.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Message"] = "Manca il contratto.",
            ["Input.DueDate"] = Iso(TodayInRome.AddDays(3)),
        });
        var page = await PortalClient.ParseAsync(noItems);
        Assert.Equal(HttpStatusCode.OK, noItems.StatusCode);
        Assert.Contains("Scegliere almeno un documento da richiedere.", page.Errors());
        Assert.Equal("Manca il contratto.", page.InputValue("#Input_Message"));

        using var past = await staff.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Documents"] = "doc-2",
            ["Input.Others[1]"] = "Busta paga",
            ["Input.Message"] = "Manca il contratto.",
            ["Input.DueDate"] = Iso(TodayInRome.AddDays(-1)),
        });
        page = await PortalClient.ParseAsync(past);
        Assert.Contains("La scadenza deve essere una data futura.", page.Errors());
        Assert.True(page.IsChecked("#doc-doc-2"));
        Assert.False(page.IsChecked("#doc-doc-1"));
        Assert.Equal("Busta paga", page.InputValue("#Input_Others_1_"));
        Assert.Equal(Iso(TodayInRome.AddDays(-1)), page.InputValue("#Input_DueDate"));

        using var noDate = await staff.SubmitAsync(form, new Dictionary<string, string> { ["Input.Documents"] = "doc-1", ["Input.Message"] = "Manca il contratto.", ["Input.DueDate"] = "" });
        Assert.Contains("Indicare entro quale giorno la famiglia deve inviare i documenti.", (await PortalClient.ParseAsync(noDate)).Errors());

        var application = await LoadAsync(Factory, seeded.ApplicationId);
        Assert.Equal(ApplicationStatus.InReview, application.Status);
        Assert.Empty(application.DocumentRequests);
        Assert.Empty(await AuditAsync(AuditActions.DocumentsRequested));
        Assert.Equal(0, await Factory.WithDbAsync(db => db.Notifications.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Request_OnAnApplicationNotInReview_SaysSo_AndChangesNothing()
    {
        var (staff, account) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _ = staff;
        var seeded = await InReviewAsync(Factory, account.Id, status: ApplicationStatus.Submitted);

        var form = await staff.GetDocumentAsync($"/Staff/Applications/RequestDocuments/{seeded.ApplicationId}");
        Assert.Contains("Stato attuale: Inviata", form.Text("[data-testid=not-in-review]"), StringComparison.Ordinal);
        using var response = await staff.SubmitAsync(form, new Dictionary<string, string> { ["Input.Documents"] = "doc-1", ["Input.Message"] = "Manca il contratto." });

        var page = await PortalClient.ParseAsync(response);
        Assert.Contains(page.Errors(), e => e.StartsWith("Si chiedono documenti solo per una domanda in istruttoria", StringComparison.Ordinal));
        Assert.Equal("Manca il contratto.", page.InputValue("#Input_Message"));
        var application = await LoadAsync(Factory, seeded.ApplicationId);
        Assert.Equal(ApplicationStatus.Submitted, application.Status);
        Assert.Empty(application.DocumentRequests);
    }

    [Fact]
    public async Task Extend_MovesTheDeadlineLater_CountsIt_AuditsIt_AndEmailsTheNewDay_ButNotToAnEarlierDay()
    {
        var (staff, account) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _ = staff;
        var seeded = await InReviewAsync(Factory, account.Id);
        var requestId = await RequestAsync(Factory, seeded.ApplicationId, account.Id, DocumentRequestDeadline.EndOf(TodayInRome.AddDays(4)));
        var details = await staff.GetDocumentAsync($"/Staff/Applications/Details/{seeded.ApplicationId}");
        var manage = details.QuerySelector("[data-testid=manage-request]")!.GetAttribute("href")!;

        var page = await staff.GetDocumentAsync(manage);
        using var earlier = await staff.SubmitAsync(page, new Dictionary<string, string> { ["Input.DueDate"] = Iso(TodayInRome.AddDays(2)) }, "main form[action*='handler=Extend']");
        var refused = await PortalClient.ParseAsync(earlier);
        Assert.Contains("La nuova scadenza deve essere successiva a quella attuale.", refused.Errors());
        Assert.Equal(Iso(TodayInRome.AddDays(2)), refused.InputValue("#Input_DueDate"));

        using var later = await staff.SubmitAsync(page, new Dictionary<string, string> { ["Input.DueDate"] = Iso(TodayInRome.AddDays(20)) }, "main form[action*='handler=Extend']");

        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        var request = Assert.Single((await LoadAsync(Factory, seeded.ApplicationId)).DocumentRequests);
        Assert.Equal(requestId, request.Id);
        Assert.Equal(DocumentRequestDeadline.EndOf(TodayInRome.AddDays(20)), request.DueAt);
        Assert.Equal(1, request.Extensions);
        Assert.True(request.IsOpen);
        Assert.Single(await AuditAsync(AuditActions.DocumentRequestExtended));
        var mail = Assert.Single(await Factory.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == DocumentsRequested.KindName).ToListAsync(TestContext.Current.CancellationToken)));
        Assert.Equal(seeded.Family.Id, mail.FamilyUserId);
        var after = await staff.GetDocumentAsync($"/Staff/Applications/Details/{seeded.ApplicationId}");
        Assert.Contains("prorogata 1 volte", after.Text("[data-testid=request-extensions]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ClosesTheRequest_TheApplicationIsBackInReview_AndAStalePageChangesNothing()
    {
        var (staff, account) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _ = staff;
        var seeded = await InReviewAsync(Factory, account.Id);
        var requestId = await RequestAsync(Factory, seeded.ApplicationId, account.Id, DocumentRequestDeadline.EndOf(TodayInRome.AddDays(4)));
        var page = await staff.GetDocumentAsync($"/Staff/Applications/DocumentRequest/{seeded.ApplicationId}/{requestId}");

        using var cancelled = await staff.SubmitAsync(page, new Dictionary<string, string>(), "main form[action*='handler=Cancel']");

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var application = await LoadAsync(Factory, seeded.ApplicationId);
        Assert.Equal(ApplicationStatus.InReview, application.Status);
        var request = Assert.Single(application.DocumentRequests);
        Assert.Equal(DocumentRequestStatus.Cancelled, request.Status);
        Assert.Equal(account.Id, request.ClosedBy);
        Assert.Single(await AuditAsync(AuditActions.DocumentRequestCancelled));

        // The same page posted again: the request is already closed.
        using var again = await staff.SubmitAsync(page, new Dictionary<string, string>(), "main form[action*='handler=Cancel']");
        var refused = await PortalClient.ParseAsync(again);
        Assert.Contains("La richiesta di integrazione è già chiusa.", refused.Errors());
        Assert.Single(await AuditAsync(AuditActions.DocumentRequestCancelled));
        var details = await staff.GetDocumentAsync($"/Staff/Applications/Details/{seeded.ApplicationId}");
        Assert.Contains("Annullata", details.QuerySelector("[data-testid=request-status]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOverdueRequest_StaysOpen_StandsOutInWords_AndIsFoundByTheOverdueQuery()
    {
        var (staff, account) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _ = staff;
        var seeded = await InReviewAsync(Factory, account.Id);
        var dueAt = DocumentRequestDeadline.EndOf(TodayInRome.AddDays(-2));
        var requestId = await RequestAsync(Factory, seeded.ApplicationId, account.Id, dueAt, at: dueAt.AddDays(-10));
        var onTime = await InReviewAsync(Factory, account.Id, protocol: "2026/000043");
        await RequestAsync(Factory, onTime.ApplicationId, account.Id, DocumentRequestDeadline.EndOf(TodayInRome.AddDays(2)));

        var details = await staff.GetDocumentAsync($"/Staff/Applications/Details/{seeded.ApplicationId}");

        Assert.Equal("Scaduta: nessuna risposta entro il termine", details.Text("[data-testid=overdue]"));
        var overdue = await Factory.WithDbAsync(db => db.DocumentRequests.Where(DocumentRequests.Overdue(DateTimeOffset.UtcNow)).Select(r => r.Id).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal([requestId], overdue);
    }

    [Fact]
    public async Task AnotherAlliancesStaff_GetsNotFound()
    {
        var (owner, account) = await AllianceBuilder.SignedInStaffAsync(Factory);
        owner.Dispose();
        var seeded = await InReviewAsync(Factory, account.Id);
        var requestId = await RequestAsync(Factory, seeded.ApplicationId, account.Id, DocumentRequestDeadline.EndOf(TodayInRome.AddDays(4)));
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var (stranger, _) = await AllianceBuilder.SignedInStaffAsync(Factory, other.Id);
        using var _s = stranger;

        using var request = await stranger.GetAsync($"/Staff/Applications/RequestDocuments/{seeded.ApplicationId}");
        using var manage = await stranger.GetAsync($"/Staff/Applications/DocumentRequest/{seeded.ApplicationId}/{requestId}");

        Assert.Equal(HttpStatusCode.NotFound, request.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, manage.StatusCode);
    }
}
