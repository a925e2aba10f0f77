using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Notifications.Templates;
using Conciliazione.Web.Pages.Staff.Grants.Controls;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// Issue 13, controls on self-declarations (DPR 445/2000 art. 71-75) through the staff pages: the
/// sample drawn once with its seed, the percentage/number checked, each control's outcome recorded
/// with documents, and a failed control leading to the revocation that moves the reserve list up
/// and records the recovery.
/// </summary>
public sealed class ControlsTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A call of budget 1,000 (350 per child): four admitted applications, two funded (ISEE 5,000 and 9,000), two on the reserve list.</summary>
    private async Task<(Guid CallId, IReadOnlyList<Guid> Ids, PortalClient Staff)> FundedCallAsync(Guid? familyOfFirst = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var account = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(factory, 1_000m);
        var ids = new List<Guid>();
        ids.AddRange(await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 5_000m)], first: 1, familyId: familyOfFirst));
        ids.AddRange(await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 9_000m), new SeedApplication(Isee: 12_000m), new SeedApplication(Isee: 20_000m)], first: 2));
        await GrantSeeds.FreezeAndPublishAsync(factory, callId, account.Id);
        var (_, error) = await GrantSeeds.WorkAsync(factory, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, account.Id, ct));
        Assert.Null(error);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return (callId, ids, client);
    }

    private static string Url(Guid callId) => $"/Staff/Grants/Controls/{callId}";

    private static Task<HttpResponseMessage> DrawAsync(PortalClient staff, IHtmlDocument page, string rule, string value, string seed = "") =>
        staff.SubmitAsync(page, new Dictionary<string, string> { ["Input.Rule"] = rule, ["Input.Value"] = value, ["Input.Seed"] = seed }, "main form[data-testid=draw-form]");

    private async Task<(Guid ControlId, Guid ApplicationId)> DrawOneAsync(PortalClient staff, Guid callId, Guid applicationId)
    {
        // The seed that puts this application in a sample of one, found the way anyone would redraw.
        var funded = await factory.WithDbAsync(db => db.Grants.Where(g => g.CallId == callId && g.Status == GrantStatus.Active)
            .Select(g => db.Applications.Where(a => a.Id == g.ApplicationId).Select(a => a.ProtocolNumber!).Single()).ToListAsync(TestContext.Current.CancellationToken));
        var protocol = await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == applicationId).Select(a => a.ProtocolNumber!).SingleAsync(TestContext.Current.CancellationToken));
        var seed = Enumerable.Range(0, 1000).Select(i => "seme-" + i).First(s => ControlSampling.Choose(funded, s, 1).Single() == protocol);
        using var drawn = await DrawAsync(staff, await staff.GetDocumentAsync(Url(callId)), "Count", "1", seed);
        Assert.Equal(HttpStatusCode.Redirect, drawn.StatusCode);
        var controlId = await factory.WithDbAsync(db => db.SelfDeclarationControls.Where(c => c.ApplicationId == applicationId).Select(c => c.Id).SingleAsync(TestContext.Current.CancellationToken));
        return (controlId, applicationId);
    }

    private static async Task<HttpResponseMessage> UploadAsync(PortalClient staff, string controlUrl, byte[] bytes, string name, string contentType)
    {
        var page = await staff.GetDocumentAsync(controlUrl);
        var token = page.QuerySelector("form[data-testid=upload-form] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var body = new MultipartFormDataContent();
        body.Add(new StringContent(token), "__RequestVerificationToken");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        body.Add(file, "file", name);
        return await staff.Http.PostAsync(new Uri(controlUrl + "?handler=Upload", UriKind.Relative), body, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Draw_RecordsTheSeedAndShowsTheSample_TheSameSeedAndListRedrawIt_AndASecondDrawIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (callId, _, staff) = await FundedCallAsync();
        using var _s = staff;
        var page = await staff.GetDocumentAsync(Url(callId));
        Assert.Equal("2", page.QuerySelector("[data-testid=funded-now] strong")!.TextContent);

        using (var drawn = await DrawAsync(staff, page, "Percent", "50", "verifica-2026"))
        {
            Assert.Equal(HttpStatusCode.Redirect, drawn.StatusCode);
        }

        var shown = await staff.GetDocumentAsync(Url(callId));
        Assert.Equal("verifica-2026", shown.Text("[data-testid=seed]"));
        Assert.Equal("1 su 2", shown.Text("[data-testid=sample-size]"));
        var funded = await factory.WithDbAsync(db => db.Grants.Where(g => g.CallId == callId)
            .Select(g => db.Applications.Where(a => a.Id == g.ApplicationId).Select(a => a.ProtocolNumber!).Single()).ToListAsync(ct));
        Assert.Equal(funded.Order(StringComparer.Ordinal), shown.Text("[data-testid=population]").Split(", "));
        // Anyone with the seed and the list shown redraws the same sample.
        var expected = ControlSampling.Choose(funded.AsEnumerable().Reverse(), "verifica-2026", 1);
        Assert.Equal(expected, shown.QuerySelectorAll("[data-testid=controls] tbody tr").Select(r => r.GetAttribute("data-protocol")));
        Assert.Contains("verifica-2026|", shown.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await ReviewSeeds.AuditCountAsync(factory, AuditActions.ControlSampleDrawn, callId));

        // The draw form still open in another tab, posted again with another seed: refused, nothing redrawn.
        using var again = await DrawAsync(staff, page, "Count", "2", "un-altro-seme");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(IndexModel.AlreadyDrawn, (await PortalClient.ParseAsync(again)).Errors());
        var samples = await factory.WithDbAsync(db => db.ControlSamples.Include(s => s.Controls).Where(s => s.CallId == callId).ToListAsync(ct));
        Assert.Equal("verifica-2026", Assert.Single(samples).Seed);
        Assert.Single(samples[0].Controls);
    }

    [Fact]
    public async Task TwoDrawsAtOnce_OnlyOneSampleIsRecorded_TheOtherIsRefused()
    {
        var (callId, _, staff) = await FundedCallAsync();
        using var _s = staff;
        var page = await staff.GetDocumentAsync(Url(callId));

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => DrawAsync(staff, page, "Count", "1", "parallelo-" + i)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Redirect), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in responses)
        {
            r.Dispose();
        }

        Assert.Equal(1, await factory.WithDbAsync(db => db.ControlSamples.CountAsync(s => s.CallId == callId, TestContext.Current.CancellationToken)));
    }

    [Theory]
    [InlineData("Percent", "", "Indicare la percentuale o il numero di domande da controllare.")]
    [InlineData("Percent", "molti", "Scrivere un numero, per esempio 5 oppure 2,5.")]
    [InlineData("Percent", "150", "Indicare una percentuale tra 0,01 e 100.")]
    [InlineData("Percent", "0", "Indicare una percentuale tra 0,01 e 100.")]
    [InlineData("Count", "2,5", "Indicare un numero intero di domande, almeno 1.")]
    [InlineData("Count", "0", "Indicare un numero intero di domande, almeno 1.")]
    [InlineData("", "5", "Indicare se il campione è una percentuale o un numero di domande.")]
    public async Task Draw_WithAnImpossiblePercentageOrNumber_IsRefused_KeepingWhatWasTyped(string rule, string value, string message)
    {
        var (callId, _, staff) = await FundedCallAsync();
        using var _s = staff;
        var page = await staff.GetDocumentAsync(Url(callId));

        using var response = await DrawAsync(staff, page, rule, value, "il-mio-seme");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = await PortalClient.ParseAsync(response);
        Assert.Contains(message, shown.Errors());
        Assert.Equal(value, shown.InputValue("#Input_Value"));
        Assert.Equal("il-mio-seme", shown.InputValue("#Input_Seed"));
        Assert.Equal(0, await factory.WithDbAsync(db => db.ControlSamples.CountAsync(s => s.CallId == callId, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Draw_WithASeedTooLong_OrNothingFunded_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (callId, _, staff) = await FundedCallAsync();
        using var _s = staff;
        using (var tooLong = await DrawAsync(staff, await staff.GetDocumentAsync(Url(callId)), "Count", "1", new string('s', 65)))
        {
            Assert.Contains("Il seme può avere al massimo 64 caratteri.", (await PortalClient.ParseAsync(tooLong)).Errors());
        }

        var empty = await GrantSeeds.ClosedCallAsync(factory, 1_000m, reference: "AV-GR-02");
        using (var nothing = await DrawAsync(staff, await staff.GetDocumentAsync(Url(empty)), "Percent", "10"))
        {
            Assert.Contains("Il bando non ha domande finanziate: non c'è nulla da estrarre.", (await PortalClient.ParseAsync(nothing)).Errors());
        }

        Assert.Equal(0, await factory.WithDbAsync(db => db.ControlSamples.CountAsync(ct)));
    }

    [Fact]
    public async Task Control_PassedWithADocument_TheDocumentIsCheckedByContent_DownloadAudited_AndNotShownToTheFamily()
    {
        var ct = TestContext.Current.CancellationToken;
        using var maria = new SpidBrowser(factory);
        await maria.SignInAsync("maria-rossi");
        var mariaId = await factory.WithDbAsync(db => db.Users.Where(u => u.FiscalCode == "RSSMRA85C52F205Q").Select(u => u.Id).SingleAsync(ct));
        var (callId, ids, staff) = await FundedCallAsync(familyOfFirst: mariaId);
        using var _s = staff;
        var (controlId, applicationId) = await DrawOneAsync(staff, callId, ids[0]);
        var controlUrl = $"{Url(callId)}/{controlId}";

        // A text file named .pdf is refused by its content; a real PDF is stored under the control's key.
        using (var fake = await UploadAsync(staff, controlUrl, "non sono un pdf"u8.ToArray(), "finto.pdf", "application/pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, fake.StatusCode);
            Assert.Contains("Il file non è un PDF, un'immagine JPEG o PNG: il contenuto non corrisponde, qualunque sia l'estensione del nome.", (await PortalClient.ParseAsync(fake)).Errors());
        }

        using (var upload = await UploadAsync(staff, controlUrl, Pdf, "visura INPS.pdf", "application/pdf"))
        {
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        }

        var document = await factory.WithDbAsync(db => db.ApplicationDocuments.AsNoTracking().SingleAsync(d => d.ApplicationId == applicationId && d.RequirementKey.StartsWith("ctl-"), ct));
        Assert.Equal("ctl-" + controlId.ToString("N"), document.RequirementKey);

        var page = await staff.GetDocumentAsync(controlUrl);
        var link = page.QuerySelector("[data-testid=documents] a")!.GetAttribute("href")!;
        using (var download = await staff.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync(ct));
        }

        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == AuditActions.DocumentDownloaded && e.EntityId == document.Id.ToString(), ct)));

        using (var recorded = await staff.SubmitAsync(page, new Dictionary<string, string> { ["Input.Outcome"] = "Passed", ["Input.Notes"] = "Attestazione ISEE conforme." }, "main form[data-testid=outcome-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        }

        var after = await staff.GetDocumentAsync(controlUrl);
        Assert.StartsWith("Controllo superato", after.Text("[data-testid=outcome]"), StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("[data-testid=outcome-form]"));
        Assert.Null(after.QuerySelector("[data-testid=revoke-form]"));
        var control = await factory.WithDbAsync(db => db.SelfDeclarationControls.AsNoTracking().SingleAsync(c => c.Id == controlId, ct));
        Assert.Equal((ControlOutcome.Passed, "Attestazione ISEE conforme."), (control.Outcome, control.Notes));

        // The family's own page lists its documents but not the office's control papers, nor serves them.
        var familyPage = await maria.Portal.GetDocumentAsync($"/Family/Applications/Details/{applicationId}");
        Assert.DoesNotContain(document.FileName, familyPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(familyPage.QuerySelectorAll("main a[href*='handler=Document']"), a => a.GetAttribute("href")!.Contains(document.Id.ToString(), StringComparison.Ordinal));
        using var familyDownload = await maria.Portal.GetAsync($"/Family/Applications/Details/{applicationId}?handler=Document&documentId={document.Id}");
        Assert.Equal(HttpStatusCode.NotFound, familyDownload.StatusCode);
    }

    [Fact]
    public async Task FailedControl_NeedsNotes_ThenTheRevocation_MovesTheReserveListUp_AndRecordsTheRecovery()
    {
        var ct = TestContext.Current.CancellationToken;
        var (callId, ids, staff) = await FundedCallAsync();
        using var _s = staff;
        var (controlId, applicationId) = await DrawOneAsync(staff, callId, ids[1]);
        var controlUrl = $"{Url(callId)}/{controlId}";
        var page = await staff.GetDocumentAsync(controlUrl);

        using (var noNotes = await staff.SubmitAsync(page, new Dictionary<string, string> { ["Input.Outcome"] = "Failed", ["Input.Notes"] = "" }, "main form[data-testid=outcome-form]"))
        {
            Assert.Contains("Per un controllo non superato descrivere che cosa non corrisponde a quanto dichiarato.", (await PortalClient.ParseAsync(noNotes)).Errors());
        }

        const string notes = "ISEE dichiarato 9.000 €, attestazione INPS 19.000 €.";
        using (var failed = await staff.SubmitAsync(page, new Dictionary<string, string> { ["Input.Outcome"] = "Failed", ["Input.Notes"] = notes }, "main form[data-testid=outcome-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, failed.StatusCode);
        }

        // 120 € already paid on the grant (payouts come with the next issue).
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE grants SET paid = 120 WHERE application_id = {applicationId}", ct));
        var revokePage = await staff.GetDocumentAsync(controlUrl);
        var proposed = revokePage.QuerySelector<IHtmlTextAreaElement>("#Revoke_Reasons")!.Value;
        Assert.Contains(notes, proposed, StringComparison.Ordinal);
        Assert.Contains("art. 75", proposed, StringComparison.Ordinal);
        Assert.Contains("120,00", revokePage.Text("[data-testid=revoke-money]"), StringComparison.Ordinal);

        using (var empty = await staff.SubmitAsync(revokePage, new Dictionary<string, string> { ["Revoke.Reasons"] = "  " }, "main form[data-testid=revoke-form]"))
        {
            Assert.Contains("Indicare i motivi della revoca: la famiglia li legge nella comunicazione.", (await PortalClient.ParseAsync(empty)).Errors());
        }

        Assert.Equal(ApplicationStatus.Funded, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == applicationId).Select(a => a.Status).SingleAsync(ct)));

        var reasons = "Controllo non superato: " + notes;
        using (var revoked = await staff.SubmitAsync(revokePage, new Dictionary<string, string> { ["Revoke.Reasons"] = reasons }, "main form[data-testid=revoke-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        }

        var statuses = await factory.WithDbAsync(db => db.Applications.Where(a => a.CallId == callId).ToDictionaryAsync(a => a.Id, a => a.Status, ct));
        Assert.Equal(ApplicationStatus.Revoked, statuses[applicationId]);
        Assert.Equal(ApplicationStatus.Funded, statuses[ids[0]]);
        Assert.Equal(ApplicationStatus.Funded, statuses[ids[2]]); // first on the reserve list (ISEE 12,000) moved up
        Assert.Equal(ApplicationStatus.WaitingList, statuses[ids[3]]);
        var recovery = await factory.WithDbAsync(db => db.Recoveries.AsNoTracking().SingleAsync(r => r.ApplicationId == applicationId, ct));
        Assert.Equal(120m, recovery.Amount);
        Assert.Contains(notes, recovery.Reason, StringComparison.Ordinal);
        Assert.Equal(700m, await factory.WithDbAsync(db => db.Calls.Where(c => c.Id == callId).Select(c => c.Committed).SingleAsync(ct)));
        Assert.True(await factory.WithDbAsync(db => db.Notifications.AnyAsync(n => n.SubjectId == applicationId && n.Kind == DecisionRevoked.KindName, ct)));
        Assert.True(await factory.WithDbAsync(db => db.Notifications.AnyAsync(n => n.SubjectId == ids[2] && n.Kind == MovedUpFromReserve.KindName, ct)));

        // The page now shows the revoked application and offers no second revocation; a replayed post is refused.
        var after = await staff.GetDocumentAsync(controlUrl);
        Assert.Equal("Revocata", after.Text("[data-testid=application-status]"));
        Assert.Null(after.QuerySelector("[data-testid=revoke-form]"));
        using var replay = await staff.SubmitAsync(revokePage, new Dictionary<string, string> { ["Revoke.Reasons"] = reasons }, "main form[data-testid=revoke-form]");
        Assert.Contains("La domanda non è più finanziata: non c'è un contributo da revocare.", (await PortalClient.ParseAsync(replay)).Errors());
        Assert.Equal(1, await factory.WithDbAsync(db => db.Recoveries.CountAsync(r => r.ApplicationId == applicationId, ct)));
    }

    [Fact]
    public async Task PassedControl_OffersNoRevocation_AndARevokePostIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (callId, ids, staff) = await FundedCallAsync();
        using var _s = staff;
        var (controlId, applicationId) = await DrawOneAsync(staff, callId, ids[0]);
        var controlUrl = $"{Url(callId)}/{controlId}";
        using (var passed = await staff.SubmitAsync(await staff.GetDocumentAsync(controlUrl), new Dictionary<string, string> { ["Input.Outcome"] = "Passed" }, "main form[data-testid=outcome-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, passed.StatusCode);
        }

        var page = await staff.GetDocumentAsync(controlUrl);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Revoke.Reasons"] = "Perché sì" });
        using var post = await staff.Http.PostAsync(new Uri(controlUrl + "?handler=Revoke", UriKind.Relative), content, ct);

        Assert.Contains("Si revoca il contributo solo dopo un controllo non superato.", (await PortalClient.ParseAsync(post)).Errors());
        Assert.Equal(ApplicationStatus.Funded, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == applicationId).Select(a => a.Status).SingleAsync(ct)));
    }
}
