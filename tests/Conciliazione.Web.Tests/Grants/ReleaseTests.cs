using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Notifications.Templates;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// Issue 13, the release side through the pages: a family sees its grant (amount, partial, place)
/// or its place on the reserve list, renounces and the next on the list is funded; staff revoke
/// with reasons (art. 75), the recovery is recorded and the reserve list moves up; the recoveries
/// list; who may open these pages.
/// </summary>
public sealed class ReleaseTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The family account SPID created for <paramref name="displayName"/> at its first sign-in.</summary>
    private Task<Guid> FamilyIdAsync(string displayName) => factory.WithDbAsync(db =>
        db.Users.Where(u => u.DisplayName == displayName && u.FiscalCode != null).Select(u => u.Id).SingleAsync(Ct));

    private async Task<PortalClient> StaffAsync(Guid? allianceId = null)
    {
        var account = await TestAccounts.CreateAsync(factory, Roles.Staff, allianceId: allianceId);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    private Task<Dictionary<Guid, ApplicationStatus>> StatusesAsync(Guid callId) => factory.WithDbAsync(db =>
        db.Applications.Where(a => a.CallId == callId).ToDictionaryAsync(a => a.Id, a => a.Status, Ct));

    private Task<decimal> CommittedAsync(Guid callId) => factory.WithDbAsync(db =>
        db.Calls.Where(c => c.Id == callId).Select(c => c.Committed).SingleAsync(Ct));

    /// <summary>
    /// A call of 1,000 (350 per child) ranked by ISEE and funded ("skip" when short): <paramref name="first"/>'s
    /// application (ISEE 5,000) is funded first, another family's (8,000) second; <paramref name="second"/>'s
    /// (12,000) is the first on the reserve list, another family's (20,000) the last.
    /// </summary>
    private async Task<(Guid CallId, Guid First, Guid Second, IReadOnlyList<Guid> Others)> FundedCallAsync(Guid first, Guid second, Guid staffId)
    {
        var callId = await GrantSeeds.ClosedCallAsync(factory, 1_000m);
        var firstId = (await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 5_000m)], first: 1, familyId: first))[0];
        var funded = (await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 8_000m)], first: 2))[0];
        var secondId = (await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 12_000m)], first: 3, familyId: second))[0];
        var last = (await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 20_000m)], first: 4))[0];
        IReadOnlyList<Guid> others = [funded, last];
        await GrantSeeds.FreezeAndPublishAsync(factory, callId, staffId);
        var (_, error) = await GrantSeeds.WorkAsync(factory, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staffId, Ct));
        Assert.Null(error);
        return (callId, firstId, secondId, others);
    }

    [Fact]
    public async Task Family_SeesFinanziataWithAmountAndPlace_APartialGrantNoted_AndTheReserveListPlace()
    {
        using var maria = new SpidBrowser(factory);
        await maria.SignInAsync("maria-rossi");
        using var giuseppe = new SpidBrowser(factory);
        await giuseppe.SignInAsync("giuseppe-bianchi");
        using var laura = new SpidBrowser(factory);
        await laura.SignInAsync("laura-verdi");
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(factory, 1_000m, r => r with { Funding = r.Funding with { WhenShort = ShortfallPolicy.PartialGrant } });
        var mariaApp = (await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 5_000m)], first: 1, familyId: await FamilyIdAsync("Maria Rossi")))[0];
        await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 8_000m)], first: 2);
        var giuseppeApp = (await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 12_000m)], first: 3, familyId: await FamilyIdAsync("Giuseppe Bianchi")))[0];
        await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 15_000m)], first: 4);
        var lauraApp = (await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 20_000m)], first: 5, familyId: await FamilyIdAsync("Laura Verdi")))[0];
        await GrantSeeds.FreezeAndPublishAsync(factory, callId, staff.Id);
        Assert.Null((await GrantSeeds.WorkAsync(factory, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staff.Id, Ct))).Error);

        // The review's decision (seeded: the grants seeds move statuses in SQL), shown above the grant.
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO application_decisions (id, application_id, outcome, reasons, decided_by, decided_at) VALUES ({Guid.NewGuid()}, {mariaApp}, 'Admitted', '{{}}', {staff.Id}, {DateTimeOffset.UtcNow})", Ct));

        // First in the ranking: funded in full; the outcome no longer says "the ranking decides, we will write again".
        var page = await maria.Portal.GetDocumentAsync($"/Family/Applications/Details/{mariaApp}");
        Assert.Equal("Ammessa", page.Text("[data-testid=outcome-value]"));
        Assert.DoesNotContain("dipende dalla graduatoria", page.Text("[data-testid=outcome]"), StringComparison.Ordinal);
        Assert.Equal("Finanziata", page.Text("[data-testid=status]"));
        Assert.Contains("350,00 €", page.Text("[data-testid=grant-funded]"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=grant-partial]"));
        Assert.Contains("al posto 1.", page.Text("[data-testid=grant-position]"), StringComparison.Ordinal);
        Assert.Equal($"/Calls/Ranking/{callId}", page.QuerySelector("[data-testid=public-ranking-link]")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("[data-testid=renounce-link]"));
        Assert.Null(page.QuerySelector("[data-testid=withdraw-link]"));

        // Third: the 300 left of the budget, a partial grant of the 350 the rule allows.
        page = await giuseppe.Portal.GetDocumentAsync($"/Family/Applications/Details/{giuseppeApp}");
        Assert.Equal("Finanziata", page.Text("[data-testid=status]"));
        Assert.Contains("300,00 €", page.Text("[data-testid=grant-funded]"), StringComparison.Ordinal);
        Assert.Contains("fino a 350,00 €", page.Text("[data-testid=grant-partial]"), StringComparison.Ordinal);
        Assert.Contains("al posto 3.", page.Text("[data-testid=grant-position]"), StringComparison.Ordinal);

        // Fifth: on the reserve list behind the fourth, never told who that is.
        page = await laura.Portal.GetDocumentAsync($"/Family/Applications/Details/{lauraApp}");
        Assert.Equal("In lista d'attesa", page.Text("[data-testid=status]"));
        Assert.Contains("In lista d'attesa, posto 5.", page.Text("[data-testid=grant-waiting]"), StringComparison.Ordinal);
        Assert.Equal("Prima di te in lista d'attesa c'è una domanda.", page.Text("[data-testid=grant-ahead]"));
        Assert.Contains("Rinuncia al posto in lista d'attesa", page.Text("[data-testid=renounce-link]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renounce_ThroughThePages_FundsTheNextOnTheReserveList_NotifiesIt_AndASecondSubmitChangesNothing()
    {
        using var maria = new SpidBrowser(factory);
        await maria.SignInAsync("maria-rossi");
        using var giuseppe = new SpidBrowser(factory);
        await giuseppe.SignInAsync("giuseppe-bianchi");
        var staffAccount = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var (callId, mariaApp, giuseppeApp, _) = await FundedCallAsync(await FamilyIdAsync("Maria Rossi"), await FamilyIdAsync("Giuseppe Bianchi"), staffAccount.Id);
        Assert.Equal(ApplicationStatus.WaitingList, (await StatusesAsync(callId))[giuseppeApp]);

        // From the application's page to the confirmation, which says what happens to the money.
        var details = await maria.Portal.GetDocumentAsync($"/Family/Applications/Details/{mariaApp}");
        var confirm = await maria.Portal.GetDocumentAsync(details.QuerySelector<IHtmlAnchorElement>("[data-testid=renounce-link]")!.PathName);
        Assert.Contains("350,00 €", confirm.Text("[data-testid=renounce-warning]"), StringComparison.Ordinal);
        using (var done = await maria.Portal.SubmitAsync(confirm, new Dictionary<string, string> { ["Input.Reason"] = "Abbiamo trovato un nido vicino ai nonni" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
            Assert.Equal($"/Family/Applications/Details/{mariaApp}", done.Headers.Location!.OriginalString);
        }

        var statuses = await StatusesAsync(callId);
        Assert.Equal(ApplicationStatus.Renounced, statuses[mariaApp]);
        Assert.Equal(ApplicationStatus.Funded, statuses[giuseppeApp]);
        Assert.Equal(700m, await CommittedAsync(callId));
        Assert.True(await factory.WithDbAsync(db => db.Notifications.AnyAsync(n => n.SubjectId == giuseppeApp && n.Kind == MovedUpFromReserve.KindName, Ct)));
        Assert.Equal(1, await ReviewSeeds.AuditCountAsync(factory, AuditActions.GrantRenounced, mariaApp));

        var page = await maria.Portal.GetDocumentAsync($"/Family/Applications/Details/{mariaApp}");
        Assert.Equal("Rinunciata", page.Text("[data-testid=status]"));
        Assert.Contains("Abbiamo trovato un nido vicino ai nonni", page.Text("[data-testid=grant-renounced]"), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=renounce-link]"));
        page = await giuseppe.Portal.GetDocumentAsync($"/Family/Applications/Details/{giuseppeApp}");
        Assert.Equal("Finanziata", page.Text("[data-testid=status]"));
        Assert.Contains("dalla lista d'attesa", page.Text("[data-testid=grant-funded]"), StringComparison.Ordinal);

        // The same form again (a double click, the back button): back to the application, nothing changes.
        using (var again = await maria.Portal.SubmitAsync(confirm, new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
            Assert.Equal($"/Family/Applications/Details/{mariaApp}", again.Headers.Location!.OriginalString);
        }

        Assert.Equal(700m, await CommittedAsync(callId));
        Assert.Equal(1, await ReviewSeeds.AuditCountAsync(factory, AuditActions.GrantRenounced, mariaApp));
        Assert.Equal(3, await factory.WithDbAsync(db => db.Grants.CountAsync(g => g.CallId == callId, Ct)));

        // Staff read the move up in the history as the portal's, not as a person's.
        using var staff = factory.CreatePortalClient();
        await staff.LoginAsync(staffAccount);
        var history = (await staff.GetDocumentAsync($"/Staff/Applications/Details/{giuseppeApp}")).QuerySelectorAll("[data-testid=history]")
            .Select(h => h.TextContent).ToList();
        Assert.Contains(history, h => h.Contains("Finanziata", StringComparison.Ordinal) && h.Contains("il portale", StringComparison.Ordinal) && h.Contains("lista d'attesa", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Renounce_AnotherFamilysApplication_IsNotFound_AndAnApplicationNotFundedHasNothingToRenounce()
    {
        using var maria = new SpidBrowser(factory);
        await maria.SignInAsync("maria-rossi");
        using var giuseppe = new SpidBrowser(factory);
        await giuseppe.SignInAsync("giuseppe-bianchi");
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var (callId, mariaApp, giuseppeApp, _) = await FundedCallAsync(await FamilyIdAsync("Maria Rossi"), await FamilyIdAsync("Giuseppe Bianchi"), staff.Id);

        var token = await ReviewSeeds.TokenAsync(giuseppe.Portal, "/Family");
        using (var get = await giuseppe.Portal.GetAsync($"/Family/Applications/Renounce/{mariaApp}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        using (var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))
        using (var post = await giuseppe.Portal.Http.PostAsync(new Uri($"/Family/Applications/Renounce/{mariaApp}", UriKind.Relative), content, Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        Assert.Equal(ApplicationStatus.Funded, (await StatusesAsync(callId))[mariaApp]);

        // Not admitted: nothing to renounce, the page sends the family back to its application.
        var notAdmitted = (await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 1_000m, Status: ApplicationStatus.NotAdmitted)], first: 9, familyId: await FamilyIdAsync("Giuseppe Bianchi")))[0];
        using var refused = await giuseppe.Portal.GetAsync($"/Family/Applications/Renounce/{notAdmitted}");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(ApplicationStatus.WaitingList, (await StatusesAsync(callId))[giuseppeApp]);
    }

    [Fact]
    public async Task Revoke_WithoutReasons_IsRefused_WithAClearMessage_AndNothingChanges()
    {
        var staffAccount = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var family = (await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false)).Id;
        var other = (await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false)).Id;
        var (callId, funded, _, _) = await FundedCallAsync(family, other, staffAccount.Id);
        using var staff = factory.CreatePortalClient();
        await staff.LoginAsync(staffAccount);

        var details = await staff.GetDocumentAsync($"/Staff/Applications/Details/{funded}");
        var page = await staff.GetDocumentAsync(details.QuerySelector<IHtmlAnchorElement>("[data-testid=revoke-link]")!.PathName);
        using var response = await staff.SubmitAsync(page, new Dictionary<string, string> { ["Input.Reason"] = "   " });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await PortalClient.ParseAsync(response);
        Assert.Contains(again.Errors(), e => e.Contains("Indicare i motivi della revoca", StringComparison.Ordinal));
        Assert.Equal(ApplicationStatus.Funded, (await StatusesAsync(callId))[funded]);
        Assert.Equal(700m, await CommittedAsync(callId));
        Assert.Equal(0, await ReviewSeeds.AuditCountAsync(factory, AuditActions.GrantRevoked, funded));
    }

    [Fact]
    public async Task Revoke_RecordsTheRecoveryOfWhatWasPaid_FundsTheReserveList_NotifiesBoth_AndTheFamilyReadsTheReasons()
    {
        using var maria = new SpidBrowser(factory);
        await maria.SignInAsync("maria-rossi");
        var staffAccount = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var waiting = (await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false)).Id;
        var (callId, mariaApp, firstWaiting, others) = await FundedCallAsync(await FamilyIdAsync("Maria Rossi"), waiting, staffAccount.Id);
        var lastApp = others[1];
        Assert.Equal(ApplicationStatus.WaitingList, (await StatusesAsync(callId))[firstWaiting]);
        // A payout already made on the grant (payouts are the next issue).
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE grants SET paid = 120.50 WHERE application_id = {mariaApp}", Ct));
        using var staff = factory.CreatePortalClient();
        await staff.LoginAsync(staffAccount);

        var page = await staff.GetDocumentAsync($"/Staff/Applications/Revoke/{mariaApp}");
        Assert.Equal("120,50 €", page.Text("[data-testid=paid]"));
        Assert.Contains("recupero di 120,50 €", page.Text("[data-testid=recovery-preview]"), StringComparison.Ordinal);
        const string Reasons = "Controllo art. 71: l'ISEE dichiarato non corrisponde all'attestazione INPS.";
        using (var done = await staff.SubmitAsync(page, new Dictionary<string, string> { ["Input.Reason"] = Reasons }))
        {
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
            var details = await staff.GetDocumentAsync(done.Headers.Location!.OriginalString);
            Assert.Contains("recupero di 120,50 €", details.Body!.TextContent, StringComparison.Ordinal);
            Assert.Equal("Revocata", details.Text("[data-testid=status]"));
            Assert.Null(details.QuerySelector("[data-testid=revoke-link]"));
        }

        var statuses = await StatusesAsync(callId);
        Assert.Equal(ApplicationStatus.Revoked, statuses[mariaApp]);
        Assert.Equal(ApplicationStatus.Funded, statuses[firstWaiting]);
        Assert.Equal(ApplicationStatus.WaitingList, statuses[lastApp]);
        Assert.Equal(700m, await CommittedAsync(callId));
        var recovery = await factory.WithDbAsync(db => db.Recoveries.AsNoTracking().SingleAsync(r => r.ApplicationId == mariaApp, Ct));
        Assert.Equal((120.50m, Reasons, staffAccount.Id), (recovery.Amount, recovery.Reason, recovery.RecordedBy));
        var grant = await factory.WithDbAsync(db => db.Grants.AsNoTracking().SingleAsync(g => g.ApplicationId == mariaApp, Ct));
        Assert.Equal(GrantStatus.Revoked, grant.Status);
        Assert.True(await factory.WithDbAsync(db => db.Notifications.AnyAsync(n => n.SubjectId == mariaApp && n.Kind == DecisionRevoked.KindName, Ct)));
        Assert.True(await factory.WithDbAsync(db => db.Notifications.AnyAsync(n => n.SubjectId == firstWaiting && n.Kind == MovedUpFromReserve.KindName, Ct)));

        // The family reads the reasons and what it owes back.
        var family = await maria.Portal.GetDocumentAsync($"/Family/Applications/Details/{mariaApp}");
        Assert.Equal("Revocata", family.Text("[data-testid=status]"));
        Assert.Equal(Reasons, family.Text("[data-testid=grant-revoked-reason]"));
        Assert.Contains("120,50 €", family.Text("[data-testid=grant-recovery]"), StringComparison.Ordinal);
        Assert.Null(family.QuerySelector("[data-testid=renounce-link]"));

        // The recoveries list: this alliance's staff see it, another alliance's do not.
        var list = await staff.GetDocumentAsync("/Staff/Grants/Recoveries");
        var row = Assert.Single(list.QuerySelectorAll("[data-testid=recovery]"));
        Assert.Contains("120,50 €", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(Reasons, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("120,50 €", list.Text("[data-testid=recoveries-open]"), StringComparison.Ordinal);
        var otherAlliance = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        using var foreign = await StaffAsync(otherAlliance.Id);
        var foreignList = await foreign.GetDocumentAsync("/Staff/Grants/Recoveries");
        Assert.Empty(foreignList.QuerySelectorAll("[data-testid=recovery]"));
        Assert.NotNull(foreignList.QuerySelector("[data-testid=no-recoveries]"));
    }

    [Fact]
    public async Task Revoke_WhenNothingWasPaid_RecordsNoRecovery_AndANotFundedApplicationCannotBeRevoked()
    {
        var staffAccount = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var (callId, funded, last, _) = await FundedCallAsync(
            (await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false)).Id,
            (await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false)).Id,
            staffAccount.Id);
        using var staff = factory.CreatePortalClient();
        await staff.LoginAsync(staffAccount);

        // On the reserve list: no revoke link, the page says why, a crafted post is refused.
        Assert.Null((await staff.GetDocumentAsync($"/Staff/Applications/Details/{last}")).QuerySelector("[data-testid=revoke-link]"));
        var refusedPage = await staff.GetDocumentAsync($"/Staff/Applications/Revoke/{last}");
        Assert.NotNull(refusedPage.QuerySelector("[data-testid=cannot-revoke]"));
        Assert.Null(refusedPage.QuerySelector("[data-testid=revoke-form]"));
        var token = await ReviewSeeds.TokenAsync(staff);
        using (var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Input.Reason"] = "Prova" }))
        using (var post = await staff.Http.PostAsync(new Uri($"/Staff/Applications/Revoke/{last}", UriKind.Relative), content, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            Assert.Contains((await PortalClient.ParseAsync(post)).Errors(), e => e.Contains("non c'è nulla da revocare", StringComparison.Ordinal));
        }

        Assert.Equal(ApplicationStatus.WaitingList, (await StatusesAsync(callId))[last]);

        var page = await staff.GetDocumentAsync($"/Staff/Applications/Revoke/{funded}");
        Assert.Contains("non si registra alcun recupero", page.Text("[data-testid=recovery-preview]"), StringComparison.Ordinal);
        using var done = await staff.SubmitAsync(page, new Dictionary<string, string> { ["Input.Reason"] = "Dichiarazione di residenza non veritiera" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(ApplicationStatus.Revoked, (await StatusesAsync(callId))[funded]);
        Assert.False(await factory.WithDbAsync(db => db.Recoveries.AnyAsync(r => r.ApplicationId == funded, Ct)));
        Assert.NotNull((await staff.GetDocumentAsync("/Staff/Grants/Recoveries")).QuerySelector("[data-testid=no-recoveries]"));
    }

    [Fact]
    public async Task RecoveriesPage_SendsAnonymousToSignIn_AndRefusesFamiliesReferentsAndAuditors()
    {
        using var anonymous = factory.CreatePortalClient();
        using (var get = await anonymous.GetAsync("/Staff/Grants/Recoveries"))
        {
            Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
            Assert.Contains("/Account/Login", get.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        var refused = new List<PortalClient> { family.Portal };
        foreach (var (role, municipality) in new[] { (Roles.MunicipalReferent, "Castellanza"), (Roles.Auditor, (string?)null) })
        {
            var account = await TestAccounts.CreateAsync(factory, role, municipality: municipality);
            var client = factory.CreatePortalClient();
            await client.LoginAsync(account);
            refused.Add(client);
        }

        foreach (var client in refused)
        {
            using var get = await client.GetAsync("/Staff/Grants/Recoveries");
            Assert.True(get.StatusCode == HttpStatusCode.Forbidden
                || (get.StatusCode == HttpStatusCode.Redirect && get.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal)),
                $"answered {(int)get.StatusCode} {get.Headers.Location}");
        }

        foreach (var client in refused.Skip(1))
        {
            client.Dispose();
        }

        // Staff reach it from their home page.
        using var staff = await StaffAsync();
        var home = await staff.GetDocumentAsync("/Staff");
        Assert.Equal("/Staff/Grants/Recoveries", home.QuerySelector("[data-testid=recoveries-link]")!.GetAttribute("href"));
    }
}
