using System.Globalization;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Documents;
using Conciliazione.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// Issue 12 "Done when" in a real Chromium: a reviewer (password + TOTP) opens the queue and the
/// application, takes it in charge and requests a document; the family (SPID) sees the request
/// first on its home page, follows the link and uploads; the reviewer admits, and the family sees
/// "Ammessa" and downloads the decision letter, whose text is asserted. axe-core runs on every
/// page visited. Only the submitted application is set up through the domain (the wizard has its
/// own journey).
/// </summary>
public sealed class ReviewJourneyTests(SpidBrowserPortal portal) : IClassFixture<SpidBrowserPortal>
{
    private const float Patience = BrowserPortal.Patience;

    [Fact]
    public async Task Reviewer_RequestsADocument_FamilyAnswers_ReviewerAdmits_FamilyDownloadsTheLetter()
    {
        // The family signs in with SPID (its account is made on the first entry) and has a submitted application.
        var family = await NewPageAsync();
        await family.GotoAsync("/");
        await family.GetByRole(AriaRole.Link, new() { Name = "Entra con SPID" }).ClickAsync();
        await family.GetByRole(AriaRole.Button, new() { Name = "Maria Rossi" }).ClickAsync();
        await family.ArriveAtAsync(portal.BaseUrl + "/Family");
        var (id, protocol) = await SubmittedApplicationAsync();
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            // The receipt, as the submission's notification job would render it.
            await scope.ServiceProvider.GetRequiredService<ApplicationReceipts>().EnsureAsync(id, TestContext.Current.CancellationToken);
        }

        // The reviewer signs in with password and TOTP, opens the queue and the application.
        var account = await TestAccounts.CreateAsync(portal, Roles.Staff);
        await portal.WithDbAsync(db => db.Users.Where(u => u.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "Anna Verdi"), TestContext.Current.CancellationToken));
        var staff = await NewPageAsync();
        await staff.GotoAsync("/Staff/Applications");
        await staff.GetByLabel("Indirizzo e-mail").FillAsync(account.Email);
        await staff.Locator("#Input_Password").FillAsync(account.Password);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await Assertions.Expect(staff.Locator("h1")).ToHaveTextAsync("Verifica in due passaggi", new() { Timeout = Patience });
        await Step(staff, "review-01-totp");
        await staff.GetByLabel("Codice di verifica").FillAsync(Totp.Code(account.TotpKey!));
        await staff.GetByRole(AriaRole.Button, new() { Name = "Verifica" }).ClickAsync();
        await staff.ArriveAtAsync("**/Staff/Applications");
        await Assertions.Expect(staff.Locator("main")).ToContainTextAsync(protocol, new() { Timeout = Patience });
        await Step(staff, "review-02-queue");

        await staff.Locator($"[data-testid=queue-row][data-id='{id}'] [data-testid=protocol]").ClickAsync();
        await staff.ArriveAtAsync($"**/Staff/Applications/Details/{id}");
        await Assertions.Expect(staff.Locator("[data-testid=status]")).ToHaveTextAsync("Inviata", new() { Timeout = Patience });
        await Step(staff, "review-03-application");

        await staff.Locator("form[data-testid=take-in-charge]").GetByRole(AriaRole.Button, new() { Name = "Prendi in carico" }).ClickAsync();
        await Assertions.Expect(staff.Locator("[data-testid=status]")).ToHaveTextAsync("In istruttoria", new() { Timeout = Patience });
        await Assertions.Expect(staff.Locator("[data-testid=reviewer]")).ToHaveTextAsync("Anna Verdi");

        // The reviewer asks for a document the call does not list, with the default deadline (10 days).
        await staff.GetByRole(AriaRole.Link, new() { Name = "Richiedi documenti alla famiglia" }).ClickAsync();
        await Assertions.Expect(staff.Locator("h1")).ToHaveTextAsync($"Richiedi documenti per la domanda {protocol}", new() { Timeout = Patience });
        await Step(staff, "review-04-request-form");
        await staff.GetByLabel("Altro documento 1").FillAsync("Attestazione ISEE aggiornata");
        await staff.GetByLabel("Messaggio per la famiglia").FillAsync("Serve l'attestazione ISEE aggiornata.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Invia la richiesta alla famiglia" }).ClickAsync();
        await Assertions.Expect(staff.Locator("[data-testid=status]")).ToHaveTextAsync("Integrazione richiesta", new() { Timeout = Patience });
        await Assertions.Expect(staff.Locator("[data-testid=review-decision]")).ToContainTextAsync("c'è una richiesta di integrazione aperta");
        await Step(staff, "review-05-documents-requested");

        // The family sees the request first on its home page, follows the link and uploads the file.
        await family.GotoAsync("/Family");
        var request = family.Locator("[data-testid=open-request]");
        await Assertions.Expect(request).ToContainTextAsync("Attestazione ISEE aggiornata", new() { Timeout = Patience });
        await Step(family, "review-06-family-home");
        await request.GetByRole(AriaRole.Link).ClickAsync();
        await family.ArriveAtAsync($"**/Family/Applications/Integrazione/{id}");
        await Step(family, "review-07-family-upload");
        var pdf = Path.Combine(Path.GetTempPath(), "isee-aggiornato-" + Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllBytesAsync(pdf, Web.Tests.Family.Applications.ApplicationSteps.Pdf, TestContext.Current.CancellationToken);
        await family.GetByLabel("Attestazione ISEE aggiornata").SetInputFilesAsync(pdf);
        await family.GetByLabel("Nota per l'ufficio (facoltativa)").FillAsync("Ecco l'ISEE aggiornato");
        await family.GetByRole(AriaRole.Button, new() { Name = "Invia i documenti" }).ClickAsync();
        await Assertions.Expect(family.Locator("[data-testid=answer-sent]")).ToContainTextAsync("Documenti inviati.", new() { Timeout = Patience });
        File.Delete(pdf);

        // The reviewer admits.
        await staff.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(staff.Locator("[data-testid=status]")).ToHaveTextAsync("In istruttoria", new() { Timeout = Patience });
        await staff.Locator("[data-testid=decide-link]").ClickAsync();
        await staff.ArriveAtAsync($"**/Staff/Applications/Decide/{id}");
        await Step(staff, "review-08-decide");
        await staff.Locator("label[for='Input_Outcome']").ClickAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Registra la decisione" }).ClickAsync();
        await staff.ArriveAtAsync($"**/Staff/Applications/Details/{id}");
        await Assertions.Expect(staff.Locator("[data-testid=decision-outcome]")).ToHaveTextAsync("Ammessa", new() { Timeout = Patience });
        await Assertions.Expect(staff.Locator("[role=status].alert-success, .alert-success")).ToContainTextAsync("Esito registrato", new() { Timeout = Patience });
        await Step(staff, "review-09-decided");

        // The family sees "Ammessa"; the letter is offered once the job has rendered it.
        await family.GotoAsync($"/Family/Applications/Details/{id}", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(family.Locator("[data-testid=outcome-value]")).ToHaveTextAsync("Ammessa", new() { Timeout = Patience });
        var letterLink = family.Locator("[data-testid=outcome-letter]");
        var deadline = DateTime.UtcNow.AddMilliseconds(Patience);
        while (true)
        {
            // The page shows either the letter or "in preparazione"; wait for one of them, then look.
            await family.Locator("[data-testid=outcome-letter], [data-testid=outcome-letter-pending]").First.WaitForAsync(new() { Timeout = Patience });
            if (await letterLink.CountAsync() > 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "The decision letter was never offered");
            await family.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        }

        await Step(family, "review-10-family-admitted");
        var download = await family.RunAndWaitForDownloadAsync(() => letterLink.ClickAsync());
        var saved = Path.Combine(Path.GetTempPath(), "esito-" + Guid.NewGuid().ToString("N") + ".pdf");
        await download.SaveAsAsync(saved);
        using (var letter = PdfDocument.Open(saved))
        {
            var text = string.Join(' ', letter.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains("Comunicazione dell'esito dell'istruttoria", text, StringComparison.Ordinal);
            Assert.Contains("Esito: Ammessa", text, StringComparison.Ordinal);
            Assert.Contains("n. " + protocol, text, StringComparison.Ordinal);
            Assert.Contains("Maria Rossi", text, StringComparison.Ordinal);
            Assert.Contains(DemoCalls.ChildcareCallTitle, text, StringComparison.Ordinal);
        }

        File.Delete(saved);
        await staff.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(staff.Locator("[data-testid=decision-letter]")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Step(staff, "review-11-staff-letter");
    }

    private async Task<IPage> NewPageAsync()
    {
        var page = await portal.NewPageAsync();
        page.SetDefaultTimeout(Patience);
        page.SetDefaultNavigationTimeout(Patience);
        return page;
    }

    /// <summary>Maria Rossi's application to the demo childcare call, submitted (the wizard has its own journey).</summary>
    private Task<(Guid Id, string Protocol)> SubmittedApplicationAsync() => portal.WithDbAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var familyId = await db.Users.Where(u => u.FiscalCode == "RSSMRA85C52F205Q").Select(u => u.Id).SingleAsync(ct);
        var call = await db.Calls.Include(c => c.Versions).SingleAsync(c => c.Title == DemoCalls.ChildcareCallTitle, ct);
        var castellanza = await db.Municipalities.Where(m => m.AllianceId == call.AllianceId && m.Name == "Castellanza").Select(m => m.Id).FirstAsync(ct);
        var birth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-2);
        var application = Application.StartDraft(call.AllianceId, call.Id, familyId, new ApplicantSection { GivenName = "Maria", FamilyName = "Rossi", FiscalCode = "RSSMRA85C52F205Q", Email = "maria.rossi@example.org" }, now);
        application.UpdateHousehold(new HouseholdSection
        {
            OtherParentName = "Marco Rossi",
            OtherParentEmployment = EmploymentKind.Employee,
            Children = [new ChildEntry { GivenName = "Luca", FamilyName = "Rossi", BirthDate = birth, FiscalCode = Web.Tests.Family.Applications.ApplicationSteps.ChildCode(birth, female: false) }],
        }, now);
        application.UpdateEmployment(new EmploymentSection { Kind = EmploymentKind.Employee, EmployerName = "Comune di Castellanza" }, castellanza, now);
        application.UpdateIsee(new IseeSection { HasIsee = true, Type = IseeType.Minorenni, Value = 12_500m, DsuNumber = "INPS-ISEE-2026-00012345A-00", ExpiresOn = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6) }, now);
        var protocol = string.Create(CultureInfo.InvariantCulture, $"{now.Year}/000901");
        db.Applications.Add(application);
        db.ChildClaims.AddRange(application.Submit(call.CurrentVersion.Id, protocol, Guid.NewGuid(), now));
        await db.SaveChangesAsync(ct);
        return (application.Id, protocol);
    });

    private static async Task Step(IPage page, string name)
    {
        await page.ScreenshotAsync(name);
        await page.AssertNoAxeViolationsAsync();
    }
}
