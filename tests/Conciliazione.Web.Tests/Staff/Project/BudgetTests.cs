using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Project;

public sealed class BudgetTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly string BudgetUrl = $"/Staff/Project/Budget/{CastellanzaPlan.CurrentProjectId}";
    private static readonly string OverviewUrl = $"/Staff/Project/Overview/{CastellanzaPlan.CurrentProjectId}";

    private Task<Domain.Projects.Project> LoadAsync() => Factory.WithDbAsync(db => db.Projects.AsNoTracking()
        .Include(p => p.BudgetLines).Include(p => p.Cofinancings)
        .SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, TestContext.Current.CancellationToken));

    [Fact]
    public async Task Overview_SeededPlan_ShowsFiguresAndThatItReconciles()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync(OverviewUrl);

        Assert.Equal(CastellanzaPlan.CurrentProjectTitle, page.Text("h1"));
        Assert.Equal("60.741,00 €", page.Text("[data-testid=total]"));
        Assert.Equal("32.000,00 €", page.Text("[data-testid=contribution]"));
        Assert.Equal("28.741,00 €", page.Text("[data-testid=cofinancing]"));
        Assert.Equal("8.050,00 €", page.Text("[data-testid=cash]"));
        Assert.Equal("20.691,00 €", page.Text("[data-testid=in-kind]"));
        Assert.Contains("Il piano dei costi quadra al centesimo.", page.Text("[data-testid=reconciliation]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_OverPreciseAndNegativeAmounts_ShowItalianMessages_KeepWhatWasTyped_SaveNothing()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync(BudgetUrl);

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Lines[0].Amount"] = "10.123",
            ["Input.RegionalContribution"] = "-5",
            ["Input.Partners[1].Cash"] = "abc",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("A. Costi di personale interno ed esterno: L'importo può avere al massimo due decimali (per esempio 1.234,56).", page.Text("#Input_Lines_0__Amount-error"));
        Assert.Equal("Contributo regionale: L'importo non può essere negativo.", page.Text("#Input_RegionalContribution-error"));
        Assert.Contains("L'importo non è un numero valido", page.Text("#Input_Partners_1__Cash-error"), StringComparison.Ordinal);
        Assert.Equal("10.123", page.InputValue("#Input_Lines_0__Amount"));
        Assert.Equal("-5", page.InputValue("#Input_RegionalContribution"));
        var project = await LoadAsync();
        Assert.Equal(34_784.00m, project.BudgetLines.Single(l => l.Category == CostCategory.Staff).Amount);
        Assert.Equal(32_000.00m, project.RegionalContribution);
        Assert.False(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.BudgetUpdated, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Save_ThatBreaksTheSums_IsSaved_OverviewListsWhatDoesNotAddUp_AndApprovalIsRefused()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync(BudgetUrl);

        using var saved = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Lines[2].Amount"] = "2.056,01" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(2_056.01m, (await LoadAsync()).BudgetLines.Single(l => l.Category == CostCategory.Services).Amount);
        var audit = await Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == AuditActions.BudgetUpdated, TestContext.Current.CancellationToken));
        Assert.Equal(staff.Id, audit.ActorId);

        var overview = await client.GetDocumentAsync(OverviewUrl);
        Assert.Contains("La somma delle voci di costo (60.741,01 €) non è uguale al costo complessivo (60.741,00 €): differenza 0,01 €.",
            overview.QuerySelectorAll("[data-testid=reconciliation] li").Select(li => li.TextContent));

        using var approve = await client.SubmitAsync(overview, new Dictionary<string, string>(), "form[action*='handler=Approve']");
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var refused = await PortalClient.ParseAsync(approve);
        Assert.Contains(refused.Errors(), e => e.StartsWith("Il piano dei costi non quadra e non può essere approvato", StringComparison.Ordinal));
        Assert.False((await LoadAsync()).IsBudgetApproved);
    }

    [Fact]
    public async Task Approve_WhenThePlanReconciles_MarksItApproved_WithAuditRow()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var overview = await client.GetDocumentAsync(OverviewUrl);

        using var approve = await client.SubmitAsync(overview, new Dictionary<string, string>(), "form[action*='handler=Approve']");

        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        var project = await LoadAsync();
        Assert.True(project.IsBudgetApproved);
        Assert.Equal(staff.Id, project.BudgetApprovedBy);
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.BudgetApproved && a.ActorId == staff.Id, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Save_WhenSomeoneElseChangedThePlanMeanwhile_ShowsConcurrencyMessage_SavesNothing()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync(BudgetUrl);
        await Factory.WithDbAsync(async db =>
        {
            var p = await db.Projects.Include(x => x.BudgetLines).SingleAsync(x => x.Id == CastellanzaPlan.CurrentProjectId, TestContext.Current.CancellationToken);
            p.SetBudgetLine(CostCategory.Overheads, 8_400m, BudgetCommitments.None);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Lines[0].Amount"] = "34.884,00" });

        var page = await PortalClient.ParseAsync(response);
        Assert.Contains(page.Errors(), e => e.StartsWith("Nel frattempo qualcun altro ha modificato questi dati", StringComparison.Ordinal));
        Assert.Equal("34.884,00", page.InputValue("#Input_Lines_0__Amount"));
        var project = await LoadAsync();
        Assert.Equal(34_784.00m, project.BudgetLines.Single(l => l.Category == CostCategory.Staff).Amount);
        Assert.Equal(8_400m, project.BudgetLines.Single(l => l.Category == CostCategory.Overheads).Amount);
    }
}
