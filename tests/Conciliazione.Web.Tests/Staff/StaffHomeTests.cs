using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff;

/// <summary>The staff home shows what needs attention in the staff member's alliance, never another's.</summary>
public sealed class StaffHomeTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private async Task ApplicationAsync(Guid callId, ApplicationStatus status, int number)
    {
        var family = await TestAccounts.CreateAsync(Factory, Roles.Family, withTotp: false);
        await Factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var allianceId = await db.Calls.Where(c => c.Id == callId).Select(c => c.AllianceId).SingleAsync(ct);
            var application = Application.StartDraft(allianceId, callId, family.Id, new ApplicantSection(), Now);
            db.Applications.Add(application);
            await db.SaveChangesAsync(ct);
            if (status != ApplicationStatus.Draft)
            {
                // Submission itself is covered by the wizard tests; here only the state matters.
                await StatusPaths.MoveAsync(db, application.Id, status, "T-" + number, ct);
            }
        });
    }

    [Fact]
    public async Task Home_CountsOpenAndClosingCalls_WaitingApplications_AndBudgetLeft_OfTheOwnAllianceOnly()
    {
        var closingSoon = await CallSeeds.CallAsync(Factory, Now, closes: Now.AddDays(3), reference: "AV-1", title: "Chiude presto");
        var later = await CallSeeds.CallAsync(Factory, Now, budget: 2_000m, closes: Now.AddDays(60), reference: "AV-2", title: "Chiude tardi");
        await CallSeeds.CallAsync(Factory, Now, publish: false, budget: 1_000m, reference: "AV-3", title: "Bozza");
        await CallSeeds.CallAsync(Factory, Now, budget: 1_000m, opens: Now.AddDays(5), closes: Now.AddDays(40), reference: "AV-4", title: "Non ancora aperto");
        await ApplicationAsync(closingSoon, ApplicationStatus.Submitted, 1);
        await ApplicationAsync(closingSoon, ApplicationStatus.Submitted, 2);
        await ApplicationAsync(later, ApplicationStatus.Submitted, 3);
        await ApplicationAsync(later, ApplicationStatus.Withdrawn, 4);
        await ApplicationAsync(later, ApplicationStatus.Draft, 5);
        var other = await AllianceBuilder.CreateOtherAllianceAsync(Factory);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync("/Staff");

        Assert.Equal("2", page.Text("[data-testid=count-open]"));
        Assert.Equal("1", page.Text("[data-testid=count-closing]"));
        Assert.Equal("3", page.Text("[data-testid=count-waiting]"));
        Assert.Equal("1", page.Text("[data-testid=count-drafts]"));
        var rows = page.QuerySelectorAll("[data-testid=open-calls] tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("AV-1 - Chiude presto", rows[0][0], StringComparison.Ordinal);
        Assert.Contains("chiude presto", rows[0][1], StringComparison.Ordinal);
        Assert.Equal(["2", "2"], rows[0][2..]);
        Assert.Equal(["2", "1"], rows[1][2..]);
        var budget = await Factory.WithDbAsync(db => db.ReadAsync(CastellanzaPlan.CurrentProjectId, null, TestContext.Current.CancellationToken));
        Assert.Equal(Money.Format(budget.Left), page.Text("[data-testid=project-left]"));
        Assert.DoesNotContain(AllianceBuilder.OtherProjectTitle, page.Body!.TextContent, StringComparison.Ordinal);

        var (otherClient, _) = await AllianceBuilder.SignedInStaffAsync(Factory, other.Id);
        using var _o = otherClient;
        var otherPage = await otherClient.GetDocumentAsync("/Staff");
        Assert.Equal("0", otherPage.Text("[data-testid=count-open]"));
        Assert.Equal("0", otherPage.Text("[data-testid=count-waiting]"));
    }
}
