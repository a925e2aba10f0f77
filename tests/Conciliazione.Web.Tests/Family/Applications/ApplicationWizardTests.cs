using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using static Conciliazione.Web.Tests.Family.Applications.ApplicationSteps;

namespace Conciliazione.Web.Tests.Family.Applications;

/// <summary>Issue 6: a family applies online, from the first step to the receipt, and what must be refused is.</summary>
public sealed class ApplicationWizardTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<(SpidBrowser Browser, Guid CallId)> SignedInAsync(string who = "maria-rossi")
    {
        var callId = await OpenChildcareCallAsync(factory);
        var browser = new SpidBrowser(factory);
        await browser.SignInAsync(who);
        return (browser, callId);
    }

    [Fact]
    public async Task Submit_GivesAProtocolNumber_AndAReceiptWithEverythingDeclared()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);
        await FillAsync(browser.Portal, id);

        using var submitted = await SubmitAsync(browser.Portal, id);

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var details = await browser.Portal.GetDocumentAsync(submitted.Headers.Location!.OriginalString);
        Assert.Equal("Inviata", details.Text("[data-testid=status]"));
        var year = TestClock.RomeYear();
        var protocol = $"{year}/000001";
        Assert.Contains(protocol, details.Text("[data-testid=submitted]"), StringComparison.Ordinal);
        await WaitForReceiptAsync(browser.Portal, id);
        var application = await factory.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal(ApplicationStatus.Submitted, application.Status);
        Assert.NotNull(application.CallVersionId);
        var receiptSha256 = await factory.WithDbAsync(db => db.ApplicationDocuments.Where(d => d.ApplicationId == id && d.RequirementKey == ApplicationDocument.ReceiptKey).Select(d => d.Sha256).SingleAsync());
        Assert.Equal(64, receiptSha256.Length);
        Assert.True(await factory.WithDbAsync(db => db.Calls.AnyAsync(c => c.Id == callId && c.FrozenAt != null)));

        using var receipt = await browser.Portal.GetAsync($"/Family/Applications/Details/{id}?handler=Receipt");
        Assert.Equal("application/pdf", receipt.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", receipt.Content.Headers.ContentDisposition!.DispositionType);
        var bytes = await receipt.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(receiptSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join(' ', pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains(protocol, text, StringComparison.Ordinal);
        Assert.Contains("Luca Rossi", text, StringComparison.Ordinal);
        Assert.Contains("Micronido", text, StringComparison.Ordinal);
        Assert.Contains("entrambi i genitori lavorano", text, StringComparison.Ordinal);
        // The confirmation carries the same receipt, as a PDF attachment, and links to the application.
        var mail = await WaitForMailAsync(factory, "maria.rossi@example.org");
        Assert.Contains("Content-Type: application/pdf", mail, StringComparison.Ordinal);
        Assert.Contains("ricevuta-" + protocol.Replace('/', '-'), mail, StringComparison.Ordinal);
        Assert.Contains($"{PortalFactory.PublicOrigin}/Family/Applications/Details/{id}", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayedSubmitPost_MakesOneApplication_WithOneProtocolNumber()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);
        await FillAsync(browser.Portal, id);
        var review = await browser.Portal.GetDocumentAsync($"/Family/Applications/Review/{id}");

        using var first = await browser.Portal.SubmitAsync(review, new Dictionary<string, string>());
        using var replay = await browser.Portal.SubmitAsync(review, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Applications.CountAsync(a => a.ProtocolNumber != null)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.ProtocolCounters.SumAsync(c => c.LastNumber)));
    }

    [Fact]
    public async Task FiftyParallelSubmissions_GetFiftyDistinctGaplessProtocolNumbers()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var template = await StartAsync(browser.Portal, callId);
        await FillAsync(browser.Portal, template);
        var ids = new List<Guid> { template };
        await factory.WithDbAsync(async db =>
        {
            var t = await db.Applications.Include(a => a.Documents).ThenInclude(d => d.Content).AsNoTracking().SingleAsync(a => a.Id == template);
            for (var i = 1; i < 50; i++)
            {
                var copy = Application.StartDraft(t.AllianceId, t.CallId, t.FamilyUserId, Clone(t.Applicant), DateTimeOffset.UtcNow);
                var household = Clone(t.Household);
                household.Children[0].FiscalCode = ChildCode(household.Children[0].BirthDate, false, "RSSL" + (char)('A' + (i / 26)) + (char)('A' + (i % 26)));
                copy.UpdateHousehold(household, DateTimeOffset.UtcNow);
                copy.UpdateEmployment(Clone(t.Employment), t.ResidenceMunicipalityId, DateTimeOffset.UtcNow);
                copy.UpdateIsee(Clone(t.Isee), DateTimeOffset.UtcNow);
                copy.UpdateService(Clone(t.Service), DateTimeOffset.UtcNow);
                copy.UpdateDeclarations(Clone(t.Declarations), DateTimeOffset.UtcNow);
                foreach (var d in t.Documents)
                {
                    copy.AttachDocument(d.RequirementKey, d.FileName, d.Kind, d.Content!.Bytes, DateTimeOffset.UtcNow);
                }

                db.Applications.Add(copy);
                ids.Add(copy.Id);
            }

            await db.SaveChangesAsync();
        });
        var review = await browser.Portal.GetDocumentAsync($"/Family/Applications/Review/{template}");
        var token = review.QuerySelector<IHtmlInputElement>("main form input[name=__RequestVerificationToken]")!.Value;

        var responses = await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["SubmissionKey"] = Guid.NewGuid().ToString(),
            });
            using var response = await browser.Portal.Http.PostAsync(new Uri($"/Family/Applications/Review/{id}", UriKind.Relative), content);
            return response.StatusCode;
        })));

        Assert.All(responses, s => Assert.Equal(HttpStatusCode.Redirect, s));
        var numbers = await factory.WithDbAsync(db => db.Applications.Where(a => a.ProtocolNumber != null).Select(a => a.ProtocolNumber!).ToListAsync());
        var year = TestClock.RomeYear();
        Assert.Equal(Enumerable.Range(1, 50).Select(n => ProtocolNumbers.Format(year, n)), numbers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnotherFamily_Gets404_OnTheApplicationAndItsFiles()
    {
        var (maria, callId) = await SignedInAsync("maria-rossi");
        using var session = maria;
        var id = await SubmittedApplicationAsync(maria.Portal, callId);

        var documentId = await factory.WithDbAsync(db => db.ApplicationDocuments.Where(d => d.ApplicationId == id).Select(d => d.Id).FirstAsync());
        using var laura = new SpidBrowser(factory);
        await laura.SignInAsync("laura-verdi");

        foreach (var url in new[]
        {
            $"/Family/Applications/Details/{id}",
            $"/Family/Applications/Details/{id}?handler=Receipt",
            $"/Family/Applications/Details/{id}?handler=Document&documentId={documentId}",
            $"/Family/Applications/Edit/{id}",
            $"/Family/Applications/Documents/{id}",
            $"/Family/Applications/Review/{id}",
            $"/Family/Applications/Withdraw/{id}",
        })
        {
            using var response = await laura.Portal.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, url + " answered " + response.StatusCode);
        }

        var lauraPage = await laura.Portal.GetDocumentAsync("/Family");
        var token = lauraPage.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var withdraw = await laura.Portal.Http.PostAsync(new Uri($"/Family/Applications/Withdraw/{id}", UriKind.Relative), content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        Assert.Equal(ApplicationStatus.Submitted, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
    }

    [Theory]
    [InlineData("RSSLCU24A01F205A", "non è valido")]
    [InlineData("consistency", "non corrisponde alla data di nascita o al sesso")]
    public async Task Household_WithABadChildFiscalCode_IsRefused_AndKeepsWhatWasTyped(string code, string expected)
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);
        var typed = code == "consistency" ? ChildCode(ChildBirth, female: true) : code;

        using var response = await StepAsync(browser.Portal, id, "nucleo", "Household", Household(typed));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Contains(page.Errors(), e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(typed, page.QuerySelector<IHtmlInputElement>("#Household_ChildFiscalCode")!.Value);
        Assert.Equal("Marco Rossi", page.QuerySelector<IHtmlInputElement>("#Household_OtherParentName")!.Value);
        Assert.Empty((await factory.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == id))).Household.Children);
    }

    [Fact]
    public async Task Household_ChildOlderThanTheCallAllows_IsRefused()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);
        var birth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-13);

        using var response = await StepAsync(browser.Portal, id, "nucleo", "Household", Household(ChildCode(birth, false), birth));

        Assert.Contains((await PortalClient.ParseAsync(response)).Errors(), e => e.Contains("il figlio deve avere un'età compresa", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("40.000,00", 6, "supera il limite del bando")]
    [InlineData("12.000,00", -1, "L'ISEE è scaduto")]
    [InlineData("12.000,001", 6, "Inserire il valore ISEE")]
    public async Task Isee_OverTheCeiling_Expired_OrMalformed_IsRefused(string value, int monthsToExpiry, string expected)
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);

        using var response = await StepAsync(browser.Portal, id, "isee", "Isee", Isee(value, DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(monthsToExpiry)));

        var page = await PortalClient.ParseAsync(response);
        Assert.Contains(page.Errors(), e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(value, page.QuerySelector<IHtmlInputElement>("#Isee_Value")!.Value);
    }

    [Fact]
    public async Task Service_OutsideTheCallsServicePeriod_IsRefused()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);
        var page = await browser.Portal.GetDocumentAsync($"/Family/Applications/Edit/{id}/servizio");
        var provider = page.QuerySelectorAll("#Service_Provider option").Select(o => o.GetAttribute("value")).First(v => Guid.TryParse(v, out _))!;

        using var response = await browser.Portal.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Service.ServiceType"] = "Micronido",
            ["Service.Provider"] = provider,
            ["Service.From"] = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Service.To"] = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Service.MonthlyCost"] = "450,00",
        }, "main form[action*='handler=Service']");

        Assert.Contains((await PortalClient.ParseAsync(response)).Errors(), e => e.Contains("compreso nel periodo del bando", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_ExecutableRenamedPdf_AndOversizedFile_AreRefused_WithNothingStored()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);
        var key = (await browser.Portal.GetDocumentAsync($"/Family/Applications/Documents/{id}")).QuerySelector("input[name=RequirementKey]")!.GetAttribute("value")!;

        using var exe = await UploadAsync(browser.Portal, id, key, "MZ\u0090\u0000 programma"u8.ToArray(), "isee.pdf");
        Assert.Contains((await PortalClient.ParseAsync(exe)).Errors(), e => e.Contains("non è un PDF", StringComparison.Ordinal));

        var big = new byte[Conciliazione.Domain.Applications.FileSignature.MaxBytes + 1];
        "%PDF-"u8.CopyTo(big);
        using var oversize = await UploadAsync(browser.Portal, id, key, big, "isee.pdf");
        Assert.Contains((await PortalClient.ParseAsync(oversize)).Errors(), e => e.Contains("10 MB", StringComparison.Ordinal));

        using var traversal = await UploadAsync(browser.Portal, id, key, Pdf, "../../x.pdf");
        Assert.Equal(HttpStatusCode.Redirect, traversal.StatusCode);
        var names = await factory.WithDbAsync(db => db.ApplicationDocuments.Where(d => d.ApplicationId == id).Select(d => d.FileName).ToListAsync());
        Assert.Equal(["x.pdf"], names);
    }

    [Fact]
    public async Task Submit_AfterTheWindowClosed_ShowsTheClosedMessage_AndSubmitsNothing()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);
        await FillAsync(browser.Portal, id);
        var review = await browser.Portal.GetDocumentAsync($"/Family/Applications/Review/{id}");
        await factory.WithDbAsync(db => db.Calls.Where(c => c.Id == callId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ClosesAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        using var response = await browser.Portal.SubmitAsync(review, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Il bando è chiuso", (await PortalClient.ParseAsync(response)).Text("[data-testid=problems]"), StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Draft, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task SecondApplicationForTheSameChild_IsRefused()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var first = await SubmittedApplicationAsync(browser.Portal, callId);

        var second = await StartAsync(browser.Portal, callId);
        await FillAsync(browser.Portal, second);
        using var response = await SubmitAsync(browser.Portal, second);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("già stata presentata una domanda", (await PortalClient.ParseAsync(response)).Text("#form-errors"), StringComparison.Ordinal);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Applications.CountAsync(a => a.Status == ApplicationStatus.Submitted)));
    }

    [Fact]
    public async Task TamperedStatusField_IsIgnored()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);

        using var response = await StepAsync(browser.Portal, id, "richiedente", "Applicant", new()
        {
            ["Applicant.Email"] = "maria.rossi@example.org",
            ["Status"] = "Funded",
            ["Application.Status"] = "Funded",
            ["ProtocolNumber"] = "2026/999999",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await factory.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal(ApplicationStatus.Draft, stored.Status);
        Assert.Null(stored.ProtocolNumber);
    }

    [Fact]
    public async Task Withdraw_BeforeADecision_ShowsOnTheTimeline()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await SubmittedApplicationAsync(browser.Portal, callId);

        var details = await browser.Portal.GetDocumentAsync($"/Family/Applications/Details/{id}");
        var confirm = await browser.Portal.GetDocumentAsync(details.QuerySelector("[data-testid=withdraw-link]")!.GetAttribute("href")!);
        using var withdrawn = await browser.Portal.SubmitAsync(confirm, new Dictionary<string, string> { ["WithdrawReason"] = "Non serve più" });
        var after = await browser.Portal.GetDocumentAsync($"/Family/Applications/Details/{id}");

        Assert.Equal("Ritirata", after.Text("[data-testid=status]"));
        Assert.Contains("Ritirata", after.Text("[data-testid=timeline]"), StringComparison.Ordinal);
        var list = await browser.Portal.GetDocumentAsync("/Family/Applications");
        Assert.Contains("Ritirata", list.Text("main table"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffOfTheAlliance_DownloadTheDocuments_StaffOfAnotherGet404()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await SubmittedApplicationAsync(browser.Portal, callId);

        var staff = await TestAccounts.CreateAsync(factory, Conciliazione.Domain.Identity.Roles.Staff);
        using var staffClient = factory.CreatePortalClient();
        await staffClient.LoginAsync(staff);
        var list = await staffClient.GetDocumentAsync("/Staff/Applications");
        Assert.Single(list.QuerySelectorAll("[data-testid=queue-row]"));
        // The queue links each application's page; the audited download handler stays on the queue page for the documents' links.
        var documentId = await factory.WithDbAsync(db => db.ApplicationDocuments.Where(d => d.ApplicationId == id).OrderBy(d => d.UploadedAt).Select(d => d.Id).FirstAsync());
        var link = $"/Staff/Applications?handler=Document&documentId={documentId}";
        using var download = await staffClient.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var other = Guid.NewGuid();
        await factory.WithDbAsync(async db =>
        {
            db.Alliances.Add(new Conciliazione.Domain.Alliances.Alliance { Id = other, Slug = "altra", Name = "Altra alleanza", LeadPartnerName = "Altro capofila" });
            await db.SaveChangesAsync();
        });
        var foreign = await TestAccounts.CreateAsync(factory, Conciliazione.Domain.Identity.Roles.Staff, allianceId: other);
        using var foreignClient = factory.CreatePortalClient();
        await foreignClient.LoginAsync(foreign);
        using var denied = await foreignClient.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        Assert.DoesNotContain("Protocollo", (await foreignClient.GetDocumentAsync("/Staff/Applications")).Text("main table"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthData_IsAskedOnlyByCarerCalls_AndStoredForThem()
    {
        var (browser, childcareCallId) = await SignedInAsync();
        using var session = browser;
        var careCallId = await factory.WithDbAsync(db => db.Calls.Where(c => c.Title == Conciliazione.Domain.Seeding.DemoCalls.CareCallTitle).Select(c => c.Id).SingleAsync());
        var childcare = await StartAsync(browser.Portal, childcareCallId);
        var care = await StartAsync(browser.Portal, careCallId);

        var childcareHousehold = await browser.Portal.GetDocumentAsync($"/Family/Applications/Edit/{childcare}/nucleo");
        Assert.Null(childcareHousehold.QuerySelector("#Household_AssistedDisability"));
        var careHousehold = await browser.Portal.GetDocumentAsync($"/Family/Applications/Edit/{care}/nucleo");
        Assert.NotNull(careHousehold.QuerySelector("#Household_AssistedDisability"));
        Assert.Null(careHousehold.QuerySelector("#Household_OtherParentName"));

        using var saved = await StepAsync(browser.Portal, care, "nucleo", "Household", new()
        {
            ["Household.AssistedName"] = "Rosa Bianchi",
            ["Household.AssistedFiscalCode"] = ChildCode(new DateOnly(1940, 5, 4), female: true, "BNCRSO"),
            ["Household.AssistedRelationship"] = "madre",
            ["Household.AssistedNonSelfSufficient"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var household = (await factory.WithDbAsync(db => db.Applications.AsNoTracking().SingleAsync(a => a.Id == care))).Household;
        Assert.Equal("Rosa Bianchi", household.AssistedPersonName);
        Assert.True(household.AssistedNonSelfSufficient);
        Assert.False(household.AssistedDisability);
        Assert.Empty(household.Children);
    }

    private static T Clone<T>(T value) =>
        System.Text.Json.JsonSerializer.Deserialize<T>(System.Text.Json.JsonSerializer.Serialize(value))!;
}
