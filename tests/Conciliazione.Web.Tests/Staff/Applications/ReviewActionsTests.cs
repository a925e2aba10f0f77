using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Staff.Applications;

/// <summary>"Prendi in carico" from the queue and the application's page; the admin's reviewer assignment.</summary>
public sealed class ReviewActionsTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static async Task<IHtmlDocument> FollowAsync(PortalClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TakeInCharge_FromTheQueue_PutsTheApplicationInReviewWithMe_AndADoublePostDoesNothingTwice()
    {
        var call = await CallSeeds.CallAsync(Factory, Now);
        var id = await ReviewSeeds.OneAsync(Factory, call, 1);
        var (client, me) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var queue = await client.GetDocumentAsync($"/Staff/Applications?call={call}&reviewer=none");

        using var first = await client.SubmitAsync(queue, new Dictionary<string, string>(), "form[data-testid=take-in-charge]");
        var back = await FollowAsync(client, first);
        using var again = await client.SubmitAsync(queue, new Dictionary<string, string>(), "form[data-testid=take-in-charge]");
        var backAgain = await FollowAsync(client, again);

        Assert.StartsWith("/Staff/Applications?", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("reviewer=none", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains($"Hai preso in carico la domanda {ReviewSeeds.Protocol(1)}.", back.Text("[role=status]"), StringComparison.Ordinal);
        Assert.Contains("è già in carico a te", backAgain.Text("[role=status]"), StringComparison.Ordinal);
        var application = await ReviewSeeds.LoadAsync(Factory, id);
        Assert.Equal(ApplicationStatus.InReview, application.Status);
        Assert.Equal(me.Id, application.ReviewerId);
        var step = Assert.Single(application.History);
        Assert.Equal((ApplicationStatus.Submitted, ApplicationStatus.InReview, me.Id), (step.From, step.To, step.ByUserId));
        Assert.Equal(1, await ReviewSeeds.AuditCountAsync(Factory, AuditActions.ReviewTakenInCharge, id));
        var mine = await client.GetDocumentAsync($"/Staff/Applications?call={call}&reviewer=me");
        Assert.Equal("In istruttoria", mine.QuerySelector("[data-testid=queue-row] [data-testid=row-status]")!.TextContent.Trim());
        Assert.Null(mine.QuerySelector("form[data-testid=take-in-charge]"));
    }

    [Fact]
    public async Task TakeInCharge_FromTheApplicationsPage_WhenAColleagueTookItMeanwhile_SaysSoAndChangesNothing()
    {
        var call = await CallSeeds.CallAsync(Factory, Now);
        var id = await ReviewSeeds.OneAsync(Factory, call, 1);
        var (anna, annaAccount) = await AllianceBuilder.SignedInStaffAsync(Factory);
        var (bruno, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _a = anna;
        using var _b = bruno;
        var annaPage = await anna.GetDocumentAsync($"/Staff/Applications/Details/{id}");
        var brunoPage = await bruno.GetDocumentAsync($"/Staff/Applications/Details/{id}");

        using var annaPost = await anna.SubmitAsync(annaPage, new Dictionary<string, string>(), "form[data-testid=take-in-charge]");
        using var brunoPost = await bruno.SubmitAsync(brunoPage, new Dictionary<string, string>(), "form[data-testid=take-in-charge]");
        var annaAfter = await FollowAsync(anna, annaPost);
        var brunoAfter = await FollowAsync(bruno, brunoPost);

        Assert.Equal($"/Staff/Applications/Details/{id}", annaPost.Headers.Location!.OriginalString);
        Assert.Equal("In istruttoria", annaAfter.Text("[data-testid=status]"));
        Assert.Contains("in carico a un altro istruttore", brunoAfter.Text("[data-testid=review-error]"), StringComparison.Ordinal);
        Assert.Equal(annaAccount.Id, (await ReviewSeeds.LoadAsync(Factory, id)).ReviewerId);
        Assert.Equal(1, await ReviewSeeds.AuditCountAsync(Factory, AuditActions.ReviewTakenInCharge, id));
    }

    [Fact]
    public async Task TakeInCharge_FromAPageOpenedBeforeTheReceiptWasStored_IsSaved()
    {
        var call = await CallSeeds.CallAsync(Factory, Now);
        var id = await ReviewSeeds.OneAsync(Factory, call, 1);
        var (anna, annaAccount) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _a = anna;
        var page = await anna.GetDocumentAsync($"/Staff/Applications/Details/{id}");

        // What the receipt job does a few seconds after submission.
        await Factory.WithDbAsync(async db =>
        {
            var application = await db.Applications.Include(a => a.Documents).SingleAsync(a => a.Id == id, TestContext.Current.CancellationToken);
            application.AttachReceipt(CallSeeds.Pdf, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        using var post = await anna.SubmitAsync(page, new Dictionary<string, string>(), "form[data-testid=take-in-charge]");
        var after = await FollowAsync(anna, post);

        Assert.Equal("In istruttoria", after.Text("[data-testid=status]"));
        Assert.Equal(annaAccount.Id, (await ReviewSeeds.LoadAsync(Factory, id)).ReviewerId);
    }

    [Fact]
    public async Task Admin_AssignsAnActiveOperatorOfTheAlliance_AndTheApplicationWaitsForThemSubmitted()
    {
        var call = await CallSeeds.CallAsync(Factory, Now);
        var id = await ReviewSeeds.OneAsync(Factory, call, 1);
        var admin = await TestAccounts.CreateAsync(Factory, Roles.Admin);
        var operatore = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        var disabled = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        var referent = await TestAccounts.CreateAsync(Factory, Roles.MunicipalReferent, municipality: "Castellanza");
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var foreign = await TestAccounts.CreateAsync(Factory, Roles.Staff, allianceId: other.Id);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByIdAsync(disabled.Id.ToString());
            user!.Disable();
            await users.UpdateAsync(user);
        }

        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(admin);
        var page = await client.GetDocumentAsync($"/Staff/Applications/Details/{id}");
        var options = page.QuerySelectorAll("form[data-testid=assign-reviewer] select[name=reviewerId] option").Select(o => o.GetAttribute("value")).ToList();

        Assert.Contains(operatore.Id.ToString(), options);
        Assert.Contains(admin.Id.ToString(), options);
        Assert.DoesNotContain(disabled.Id.ToString(), options);
        Assert.DoesNotContain(referent.Id.ToString(), options);
        Assert.DoesNotContain(foreign.Id.ToString(), options);

        using var refused = await client.SubmitAsync(page, new Dictionary<string, string> { ["reviewerId"] = referent.Id.ToString() }, "form[data-testid=assign-reviewer]");
        var refusedPage = await FollowAsync(client, refused);
        Assert.Contains("Scegliere un operatore dell'alleanza", refusedPage.Text("[data-testid=review-error]"), StringComparison.Ordinal);
        Assert.Null((await ReviewSeeds.LoadAsync(Factory, id)).ReviewerId);

        using var assigned = await client.SubmitAsync(page, new Dictionary<string, string> { ["reviewerId"] = operatore.Id.ToString() }, "form[data-testid=assign-reviewer]");
        var after = await FollowAsync(client, assigned);

        Assert.Contains("Istruttore assegnato", after.Text("[role=status]"), StringComparison.Ordinal);
        Assert.Equal("Utente di prova Staff", after.Text("[data-testid=reviewer]"));
        var application = await ReviewSeeds.LoadAsync(Factory, id);
        Assert.Equal((ApplicationStatus.Submitted, (Guid?)operatore.Id), (application.Status, application.ReviewerId));
        Assert.Equal(1, await ReviewSeeds.AuditCountAsync(Factory, AuditActions.ReviewerAssigned, id));

        // The assigned operator then takes it in charge from the queue's "mine".
        using var staff = Factory.CreatePortalClient();
        await staff.LoginAsync(operatore);
        var mine = await staff.GetDocumentAsync($"/Staff/Applications?call={call}&reviewer=me");
        using var taken = await staff.SubmitAsync(mine, new Dictionary<string, string>(), "form[data-testid=take-in-charge]");
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal(ApplicationStatus.InReview, (await ReviewSeeds.LoadAsync(Factory, id)).Status);
    }

    [Fact]
    public async Task Operator_WhoIsNotAdmin_SeesNoAssignControl_AndTheirPostIsForbidden()
    {
        var call = await CallSeeds.CallAsync(Factory, Now);
        var id = await ReviewSeeds.OneAsync(Factory, call, 1);
        var (client, me) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync($"/Staff/Applications/Details/{id}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["version"] = page.QuerySelector<IHtmlInputElement>("form[data-testid=take-in-charge] input[name=version]")!.Value,
            ["reviewerId"] = me.Id.ToString(),
        });
        using var post = await client.Http.PostAsync(new Uri($"/Staff/Applications/Assign/{id}", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Null(page.QuerySelector("form[data-testid=assign-reviewer]"));
        Assert.NotNull(page.QuerySelector("form[data-testid=take-in-charge]"));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Contains("/Account/AccessDenied", post.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Null((await ReviewSeeds.LoadAsync(Factory, id)).ReviewerId);
        Assert.Equal(0, await ReviewSeeds.AuditCountAsync(Factory, AuditActions.ReviewerAssigned, id));
    }

    [Fact]
    public async Task GetOnTheActionPages_GoesBackToTheApplication()
    {
        var call = await CallSeeds.CallAsync(Factory, Now);
        var id = await ReviewSeeds.OneAsync(Factory, call, 1);
        var admin = await TestAccounts.CreateAsync(Factory, Roles.Admin, allianceId: CastellanzaPlan.AllianceId);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(admin);

        foreach (var page in new[] { "TakeInCharge", "Assign" })
        {
            using var response = await client.GetAsync($"/Staff/Applications/{page}/{id}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal($"/Staff/Applications/Details/{id}", response.Headers.Location!.OriginalString);
        }

        Assert.Equal(ApplicationStatus.Submitted, (await ReviewSeeds.LoadAsync(Factory, id)).Status);
    }

    [Fact]
    public async Task Admin_AssignsTheTickedRowsOfTheQueue_EachOnItsOwnVersion_AndAnotherAlliancesAdminChangesNothing()
    {
        var call = await CallSeeds.CallAsync(Factory, Now);
        var submitted = await ReviewSeeds.OneAsync(Factory, call, 1);
        var inReview = await ReviewSeeds.OneAsync(Factory, call, 2);
        var withdrawn = await ReviewSeeds.OneAsync(Factory, call, 3);
        var admin = await TestAccounts.CreateAsync(Factory, Roles.Admin);
        var operatore = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        var (colleague, colleagueAccount) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = colleague;
        await ReviewSeeds.ReviewAsync(Factory, inReview, a => a.TakeInCharge(colleagueAccount.Id, Now));
        await ReviewSeeds.ReviewAsync(Factory, withdrawn, a => a.Withdraw(a.FamilyUserId, Now, null));
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(admin);
        var queue = await client.GetDocumentAsync($"/Staff/Applications?call={call}");
        var ticks = queue.QuerySelectorAll<IHtmlInputElement>("input[type=checkbox][name=selected]").Select(i => i.Value).ToList();
        var form = queue.QuerySelector("form[data-testid=bulk-assign]")!;

        Assert.Equal([submitted, inReview], ticks.Select(v => Guid.Parse(v.Split(':')[0])));
        Assert.Null((await colleague.GetDocumentAsync($"/Staff/Applications?call={call}")).QuerySelector("form[data-testid=bulk-assign]"));

        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var foreignAdmin = await TestAccounts.CreateAsync(Factory, Roles.Admin, allianceId: other.Id);
        using var foreign = Factory.CreatePortalClient();
        await foreign.LoginAsync(foreignAdmin);
        using var foreignPost = await PostAsync(foreign, "/Staff/Applications/AssignMany", await ReviewSeeds.TokenAsync(foreign), ticks, foreignAdmin.Id, null);
        Assert.Null((await ReviewSeeds.LoadAsync(Factory, submitted)).ReviewerId);

        using var post = await PostAsync(client, form.GetAttribute("action")!, form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value, ticks, operatore.Id,
            form.QuerySelector<IHtmlInputElement>("input[name=returnUrl]")!.Value);
        var after = await FollowAsync(client, post);

        Assert.Contains("Istruttore assegnato a 2 domande.", after.Text("[role=status]"), StringComparison.Ordinal);
        var first = await ReviewSeeds.LoadAsync(Factory, submitted);
        var second = await ReviewSeeds.LoadAsync(Factory, inReview);
        Assert.Equal((ApplicationStatus.Submitted, (Guid?)operatore.Id), (first.Status, first.ReviewerId));
        Assert.Equal((ApplicationStatus.InReview, (Guid?)operatore.Id), (second.Status, second.ReviewerId));
        Assert.Null((await ReviewSeeds.LoadAsync(Factory, withdrawn)).ReviewerId);
        Assert.Equal(1, await ReviewSeeds.AuditCountAsync(Factory, AuditActions.ReviewerAssigned, submitted));
        Assert.Equal(1, await ReviewSeeds.AuditCountAsync(Factory, AuditActions.ReviewerAssigned, inReview));
    }

    private static async Task<HttpResponseMessage> PostAsync(PortalClient client, string url, string token, IEnumerable<string> selected, Guid reviewerId, string? returnUrl)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("reviewerId", reviewerId.ToString()) };
        fields.AddRange(selected.Select(v => new KeyValuePair<string, string>("selected", v)));
        if (returnUrl is not null)
        {
            fields.Add(new("returnUrl", returnUrl));
        }

        using var content = new FormUrlEncodedContent(fields);
        return await client.Http.PostAsync(new Uri(url, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

}
