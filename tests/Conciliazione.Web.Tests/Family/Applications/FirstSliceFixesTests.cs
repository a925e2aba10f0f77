using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Family.Applications.ApplicationSteps;

namespace Conciliazione.Web.Tests.Family.Applications;

/// <summary>
/// Issue "Fixes: what a family and a visitor meet in the first slice": an untouched form shows no
/// error, service and provider must match, the call's kinds of work are enforced, "Le mie domande"
/// tells rows apart and lets a draft be deleted, and a GET never changes anything.
/// </summary>
public sealed class FirstSliceFixesTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
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

    private Task ReviseRulesAsync(Guid callId, Func<CallRules, CallRules> change) =>
        factory.WithDbAsync(async db =>
        {
            var call = await db.Calls.Include(c => c.Versions).SingleAsync(c => c.Id == callId);
            call.ChangeRules(change(call.Rules), "Regole del caso di prova", null, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });

    private static void AssertNoErrorBox(IHtmlDocument page, string where)
    {
        Assert.True(page.QuerySelector("#form-errors") is null, where + " shows errors: " + string.Join(" | ", page.Errors()));
        Assert.DoesNotContain("field is required", page.Body!.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NewApplication_AndResumingADraft_ShowNoErrorsBeforeAnythingIsTyped()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;

        AssertNoErrorBox(await browser.Portal.GetDocumentAsync($"/Family/Applications/Start/{callId}"), "start page");
        var id = await StartAsync(browser.Portal, callId);
        AssertNoErrorBox(await browser.Portal.GetDocumentAsync($"/Family/Applications/Edit/{id}"), "first step");

        var list = await browser.Portal.GetDocumentAsync("/Family/Applications");
        var resume = list.QuerySelectorAll("[data-testid=application-row] a").Single(a => a.TextContent.StartsWith("Riprendi", StringComparison.Ordinal)).GetAttribute("href")!;
        using var resumed = await browser.Portal.GetAsync(resume);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        AssertNoErrorBox(await browser.Portal.GetDocumentAsync(resumed.Headers.Location!.OriginalString), "resume");
        foreach (var step in new[] { "richiedente", "nucleo", "lavoro", "isee", "servizio", "dichiarazioni" })
        {
            AssertNoErrorBox(await browser.Portal.GetDocumentAsync($"/Family/Applications/Edit/{id}/{step}"), step);
        }
    }

    [Fact]
    public async Task Service_AtAProviderThatDoesNotOfferIt_IsRefusedOnTheProviderField_KeepingWhatWasTyped()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);
        var page = await browser.Portal.GetDocumentAsync($"/Family/Applications/Edit/{id}/servizio");
        var summerCamps = page.QuerySelectorAll("#Service_Provider option").First(o => o.TextContent.Contains("Estate Insieme", StringComparison.Ordinal)).GetAttribute("value")!;
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using var response = await browser.Portal.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Service.ServiceType"] = "Micronido",
            ["Service.Provider"] = summerCamps,
            ["Service.From"] = from,
            ["Service.To"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(100).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Service.MonthlyCost"] = "450,00",
        }, "main form[action*='handler=Service']");

        var refused = await PortalClient.ParseAsync(response);
        Assert.Contains("non offre il servizio \"Micronido\"", refused.Text("#Service_Provider-error"), StringComparison.Ordinal);
        Assert.Equal("450,00", refused.QuerySelector<IHtmlInputElement>("#Service_MonthlyCost")!.Value);
        Assert.Equal(from, refused.QuerySelector<IHtmlInputElement>("#Service_From")!.Value);
        Assert.Equal("Micronido", refused.QuerySelector<IHtmlSelectElement>("#Service_ServiceType")!.Value);
        Assert.Null(await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Service.ServiceType).SingleAsync()));
    }

    [Fact]
    public async Task ServiceStep_GroupsProvidersByService_MarksRequiredFields_AndRepeatsTheServicePeriod()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);

        var page = await browser.Portal.GetDocumentAsync($"/Family/Applications/Edit/{id}/servizio");

        var micronido = page.QuerySelectorAll("#Service_Provider optgroup[data-service=Micronido] option").Select(o => o.TextContent).ToList();
        Assert.Contains(micronido, p => p.Contains("Girotondo", StringComparison.Ordinal));
        Assert.DoesNotContain(micronido, p => p.Contains("Estate Insieme", StringComparison.Ordinal));
        Assert.Contains("*", page.Text("label[for=Service_ServiceType]"), StringComparison.Ordinal);
        Assert.Contains("*", page.Text("label[for=Service_Provider]"), StringComparison.Ordinal);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).DateTime);
        var period = page.Text("[data-testid=service-period]");
        Assert.Contains(today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), period, StringComparison.Ordinal);
        Assert.Contains(today.AddMonths(6).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), period, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#other-provider[data-show-when=altro] #Service_OtherProviderName"));
        Assert.NotNull(page.QuerySelector("script[src^='/js/service-providers.js']"));
    }

    [Fact]
    public async Task ServiceStep_WithoutOtherProviders_HasNoOtherProviderField()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        await factory.WithDbAsync(db => db.Calls.Where(c => c.Id == callId).ExecuteUpdateAsync(u => u.SetProperty(c => c.AllowsOtherProvider, false)));
        var id = await StartAsync(browser.Portal, callId);

        var page = await browser.Portal.GetDocumentAsync($"/Family/Applications/Edit/{id}/servizio");

        Assert.Null(page.QuerySelector("#Service_OtherProviderName"));
        Assert.Null(page.QuerySelector("#Service_Provider option[value=altro]"));
    }

    [Fact]
    public async Task Wizard_RefusesAKindOfWorkTheCallDoesNotAccept_AtTheStepAndAtSubmission()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);
        await FillAsync(browser.Portal, id);
        await ReviseRulesAsync(callId, r => r with { Eligibility = r.Eligibility with { Employees = false, SelfEmployed = true, Freelancers = false } });

        using var step = await StepAsync(browser.Portal, id, "lavoro", "Employment", new()
        {
            ["Employment.Kind"] = "Freelancer",
        });
        var review = await browser.Portal.GetDocumentAsync($"/Family/Applications/Review/{id}");
        using var submit = await SubmitAsync(browser.Portal, id);

        Assert.Contains((await PortalClient.ParseAsync(step)).Errors(), e => e.Contains("Il bando è riservato a lavoratori autonomi", StringComparison.Ordinal));
        Assert.Contains("Tipo di lavoro", review.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Redirect, submit.StatusCode);
        Assert.Equal(ApplicationStatus.Draft, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task MyApplications_NamesTheChildAndService_DeletesADraftAfterConfirmation_AndReleasesItsDocuments()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);
        await FillAsync(browser.Portal, id);
        var other = await StartAsync(browser.Portal, callId);

        var list = await browser.Portal.GetDocumentAsync("/Family/Applications");
        var rows = list.QuerySelectorAll("[data-testid=application-row]").Select(r => r.TextContent).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains("Luca Rossi", StringComparison.Ordinal) && r.Contains("Micronido", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("(non ancora indicato)", StringComparison.Ordinal));

        var confirm = await browser.Portal.GetDocumentAsync($"/Family/Applications/Delete/{id}");
        Assert.Contains("definitiva", confirm.Text("[data-testid=delete-warning]"), StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.ApplicationDocuments.AnyAsync(d => d.ApplicationId == id)));
        using var deleted = await browser.Portal.SubmitAsync(confirm, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.Applications.AnyAsync(a => a.Id == id)));
        Assert.False(await factory.WithDbAsync(db => db.ApplicationDocuments.AnyAsync(d => d.ApplicationId == id)));
        Assert.True(await factory.WithDbAsync(db => db.Applications.AnyAsync(a => a.Id == other)));
    }

    [Fact]
    public async Task AnotherFamily_Gets404_DeletingADraftThatIsNotTheirs()
    {
        var (maria, callId) = await SignedInAsync("maria-rossi");
        using var session = maria;
        var id = await StartAsync(maria.Portal, callId);
        using var laura = new SpidBrowser(factory);
        await laura.SignInAsync("laura-verdi");
        var lauraPage = await laura.Portal.GetDocumentAsync("/Family");
        var token = lauraPage.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;

        using var get = await laura.Portal.GetAsync($"/Family/Applications/Delete/{id}");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var post = await laura.Portal.Http.PostAsync(new Uri($"/Family/Applications/Delete/{id}", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.Applications.AnyAsync(a => a.Id == id)));
    }

    [Fact]
    public async Task DeleteWithoutAntiforgeryToken_IsRefused()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);

        using var content = new FormUrlEncodedContent(new Dictionary<string, string>());
        using var post = await browser.Portal.Http.PostAsync(new Uri($"/Family/Applications/Delete/{id}", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.Applications.AnyAsync(a => a.Id == id)));
    }

    [Fact]
    public async Task Withdraw_AsksForConfirmation_SayingItIsFinal()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await SubmittedApplicationAsync(browser.Portal, callId);

        var details = await browser.Portal.GetDocumentAsync($"/Family/Applications/Details/{id}");
        Assert.Null(details.QuerySelector("form[action*='Withdraw']"));
        var confirm = await browser.Portal.GetDocumentAsync(details.QuerySelector("[data-testid=withdraw-link]")!.GetAttribute("href")!);
        Assert.Contains("definitivo", confirm.Text("[data-testid=withdraw-warning]"), StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Submitted, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));

        using var withdrawn = await browser.Portal.SubmitAsync(confirm, new Dictionary<string, string> { ["WithdrawReason"] = "Non serve più" });

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(ApplicationStatus.Withdrawn, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task Withdrawal_ReleasesTheChildClaim_SoTheSameChildCanApplyAgain()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var first = await SubmittedApplicationAsync(browser.Portal, callId);
        Assert.True(await factory.WithDbAsync(db => db.ChildClaims.AnyAsync(c => c.ApplicationId == first)));
        var second = await StartAsync(browser.Portal, callId);
        await FillAsync(browser.Portal, second);
        using (var refused = await SubmitAsync(browser.Portal, second))
        {
            Assert.Contains("già stata presentata una domanda", string.Join(" ", (await PortalClient.ParseAsync(refused)).Errors()), StringComparison.Ordinal);
        }

        var confirm = await browser.Portal.GetDocumentAsync($"/Family/Applications/Withdraw/{first}");
        using (var withdrawn = await browser.Portal.SubmitAsync(confirm, new Dictionary<string, string> { ["WithdrawReason"] = "Errore nei dati" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        }

        Assert.False(await factory.WithDbAsync(db => db.ChildClaims.AnyAsync(c => c.ApplicationId == first)));
        using var accepted = await SubmitAsync(browser.Portal, second);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(ApplicationStatus.Submitted, await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == second).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task TwoParallelStartPosts_OfTheSameForm_OpenOneDraft()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var page = await browser.Portal.GetDocumentAsync($"/Family/Applications/Start/{callId}");

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            using var response = await browser.Portal.SubmitAsync(page, new Dictionary<string, string>());
            return (response.StatusCode, response.Headers.Location);
        })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(responses[0].Location, responses[1].Location);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Applications.CountAsync(a => a.CallId == callId)));
    }

    [Fact]
    public async Task ViewingAReceipt_WritesNothing_AndAMissingReceiptIsShownAsInPreparation()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await SubmittedApplicationAsync(browser.Portal, callId);
        // The background job renders the receipt; once it has, take it away as if the job had not run yet.
        await WaitForReceiptAsync(browser.Portal, id);
        await factory.WithDbAsync(db => db.ApplicationDocuments.Where(d => d.ApplicationId == id && d.RequirementKey == ApplicationDocument.ReceiptKey).ExecuteDeleteAsync());
        var before = await SnapshotAsync(id);

        using var receipt = await browser.Portal.GetAsync($"/Family/Applications/Details/{id}?handler=Receipt");
        var details = await browser.Portal.GetDocumentAsync($"/Family/Applications/Details/{id}");

        Assert.Equal(before, await SnapshotAsync(id));
        Assert.Equal(HttpStatusCode.Redirect, receipt.StatusCode);
        Assert.Contains("in preparazione", details.Text("[data-testid=receipt-pending]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOnAPostOnlyHandler_Answers404Or405()
    {
        var (browser, callId) = await SignedInAsync();
        using var session = browser;
        var id = await StartAsync(browser.Portal, callId);

        foreach (var url in new[]
        {
            $"/Family/Applications/Edit/{id}?handler=Service",
            $"/Family/Applications/Edit/{id}/lavoro?handler=Employment",
            $"/Family/Applications/Documents/{id}?handler=Upload",
        })
        {
            using var response = await browser.Portal.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, url + " answered " + response.StatusCode);
        }
    }

    private Task<(int Documents, uint Xmin, DateTimeOffset UpdatedAt)> SnapshotAsync(Guid id) =>
        factory.WithDbAsync(async db => (
            await db.ApplicationDocuments.CountAsync(d => d.ApplicationId == id),
            await db.Applications.Where(a => a.Id == id).Select(a => EF.Property<uint>(a, "xmin")).SingleAsync(),
            await db.Applications.Where(a => a.Id == id).Select(a => a.UpdatedAt).SingleAsync()));
}
