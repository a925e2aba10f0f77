using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Project;

public sealed class ActionsTests(PortalFactory factory) : PortalTest(factory)
{
    private Task<ProjectAction> ActionAsync(string code) => Factory.WithDbAsync(db => db.ProjectActions.AsNoTracking().Include(a => a.Indicators)
        .SingleAsync(a => a.ProjectId == CastellanzaPlan.CurrentProjectId && a.Code == code, TestContext.Current.CancellationToken));

    [Fact]
    public async Task ActionPage_ShowsIndicatorsWithTargets_AndSavesTexts()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var b = await ActionAsync("B");
        var page = await client.GetDocumentAsync($"/Staff/Project/Actions/Edit/{b.Id}");

        Assert.Contains(page.QuerySelectorAll("[data-testid=indicator]"), r => r.TextContent.Contains("Famiglie beneficiarie dei voucher", StringComparison.Ordinal) && r.TextContent.Contains(">= 7", StringComparison.Ordinal));
        Assert.Equal(b.Objectives, page.InputValue("#Input_Objectives"));

        using var empty = await client.SubmitAsync(page, new Dictionary<string, string> { ["Input.Title"] = " ", ["Input.Objectives"] = "Obiettivo riscritto" });
        var refused = await PortalClient.ParseAsync(empty);
        Assert.Contains("Inserire il titolo dell'azione.", refused.Errors());
        Assert.Equal("Obiettivo riscritto", refused.InputValue("#Input_Objectives"));

        using var saved = await client.SubmitAsync(page, new Dictionary<string, string> { ["Input.Objectives"] = "Obiettivo riscritto" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Obiettivo riscritto", (await ActionAsync("B")).Objectives);
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.ActionUpdated && a.ActorId == staff.Id, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Indicator_BadTarget_IsRefused_ValidTargetIsSaved_ValuesAreRecordedPerHalfYear()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var indicator = (await ActionAsync("E2")).Indicators.Single();
        var url = $"/Staff/Project/Indicators/Edit/{indicator.Id}";
        var page = await client.GetDocumentAsync(url);
        Assert.Equal(">= 1", page.InputValue("#Input_Target"));

        using var bad = await client.SubmitAsync(page, new Dictionary<string, string> { ["Input.Target"] = "almeno due" }, "#indicator-form");
        var refused = await PortalClient.ParseAsync(bad);
        Assert.StartsWith("Il traguardo va scritto come confronto e numero intero", refused.Text("#Input_Target-error"), StringComparison.Ordinal);
        Assert.Equal("almeno due", refused.InputValue("#Input_Target"));

        using var ok = await client.SubmitAsync(page, new Dictionary<string, string> { ["Input.Target"] = ">= 3" }, "#indicator-form");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);

        // Values are no longer typed on the definition page: it links to the per-half-year record page.
        var again = await client.GetDocumentAsync(url);
        Assert.Null(again.QuerySelector("#value-form"));
        Assert.Equal($"/Staff/Project/Indicators/Record/{indicator.Id}", again.QuerySelector("#record-link")?.GetAttribute("href"));

        var saved = (await ActionAsync("E2")).Indicators.Single();
        Assert.Equal(">= 3", saved.TargetText);
        var actions = await Factory.WithDbAsync(db => db.AuditEvents.Where(a => a.ActorId == staff.Id && a.EntityId == indicator.Id.ToString()).Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal([AuditActions.IndicatorUpdated], actions);
    }

    [Fact]
    public async Task AgreementsIndicator_IsComputedFromAgreementsInForce()
    {
        await Factory.WithDbAsync(db => DemoCalls.SeedAsync(db, DateTimeOffset.UtcNow));
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var demoA = await Factory.WithDbAsync(db => db.ProjectActions.AsNoTracking().Include(a => a.Indicators)
            .SingleAsync(a => a.ProjectId == DemoCalls.ProjectId && a.Code == "A"));
        var expected = await Factory.WithDbAsync(db => db.Agreements.CountAsync(g => g.ActionIds.Contains(demoA.Id)));

        var page = await client.GetDocumentAsync($"/Staff/Project/Actions/Edit/{demoA.Id}");

        var computed = page.QuerySelectorAll("[data-testid=indicator]").Single(r => r.TextContent.Contains("Convenzioni/contratti di accreditamento", StringComparison.Ordinal));
        Assert.Equal(2, expected);
        Assert.Equal("2", computed.QuerySelector("[data-testid=indicator-value]")!.TextContent.Trim());
    }
}
