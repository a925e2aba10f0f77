using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Project;

public sealed class EditTests(PortalFactory factory) : PortalTest(factory)
{
    private Task<Domain.Projects.Project> LoadAsync(Guid id) => Factory.WithDbAsync(db => db.Projects.AsNoTracking()
        .Include(p => p.Extensions).SingleAsync(p => p.Id == id, TestContext.Current.CancellationToken));

    [Fact]
    public async Task Edit_EndBeforeStart_ShowsItalianMessage_KeepsWhatWasTyped_SavesNothing()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        using var response = await client.PostFormAsync($"/Staff/Project/Edit/{CastellanzaPlan.CurrentProjectId}", new Dictionary<string, string>
        {
            ["Input.Title"] = "Titolo cambiato",
            ["Input.StartDate"] = "2018-06-01",
            ["Input.EndDate"] = "2018-01-31",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("La data di fine non può precedere la data di inizio.", page.Text("#Input_EndDate-error"));
        Assert.Equal("Titolo cambiato", page.InputValue("#Input_Title"));
        Assert.Equal("2018-01-31", page.InputValue("#Input_EndDate"));
        var project = await LoadAsync(CastellanzaPlan.CurrentProjectId);
        Assert.Equal(CastellanzaPlan.CurrentProjectTitle, project.Title);
        Assert.Equal(new DateOnly(2018, 12, 31), project.EndDate);
    }

    [Fact]
    public async Task Edit_ClosedProject_IsRefusedWithItalianMessage_KeepsWhatWasTyped_SavesNothing()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        using var response = await client.PostFormAsync($"/Staff/Project/Edit/{CastellanzaPlan.PreviousProjectId}", new Dictionary<string, string> { ["Input.Title"] = "Riscrivo la storia" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Contains(Domain.Projects.Project.ClosedMessage, page.Errors());
        Assert.Equal("Riscrivo la storia", page.InputValue("#Input_Title"));
        Assert.Equal(CastellanzaPlan.PreviousProjectTitle, (await LoadAsync(CastellanzaPlan.PreviousProjectId)).Title);
        Assert.False(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.ProjectUpdated, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Budget_OfClosedProject_IsRefusedWithItalianMessage()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        using var response = await client.PostFormAsync($"/Staff/Project/Budget/{CastellanzaPlan.PreviousProjectId}", new Dictionary<string, string> { ["Input.TotalCost"] = "1.000,00" });

        var page = await PortalClient.ParseAsync(response);
        Assert.Contains(Domain.Projects.Project.ClosedMessage, page.Errors());
        Assert.Equal("1.000,00", page.InputValue("#Input_TotalCost"));
        Assert.Equal(0m, (await LoadAsync(CastellanzaPlan.PreviousProjectId)).DeclaredTotalCost);
    }

    [Fact]
    public async Task Edit_Valid_IsSaved_WithAuditRow()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        using var response = await client.PostFormAsync($"/Staff/Project/Edit/{CastellanzaPlan.CurrentProjectId}", new Dictionary<string, string> { ["Input.StartDate"] = "2017-03-01" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new DateOnly(2017, 3, 1), (await LoadAsync(CastellanzaPlan.CurrentProjectId)).StartDate);
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.ProjectUpdated && a.ActorId == staff.Id, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Extend_KeepsTheOldEndDate_AndShowsTheHistory()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var url = $"/Staff/Project/Extend/{CastellanzaPlan.CurrentProjectId}";

        using var tooEarly = await client.PostFormAsync(url, new Dictionary<string, string> { ["Input.NewEndDate"] = "2018-06-30", ["Input.Reason"] = "Decreto ATS" });
        var refused = await PortalClient.ParseAsync(tooEarly);
        Assert.Equal("La nuova data di fine deve essere successiva a quella attuale (31/12/2018).", refused.Text("#Input_NewEndDate-error"));
        Assert.Equal("Decreto ATS", refused.InputValue("#Input_Reason"));

        using var done = await client.PostFormAsync(url, new Dictionary<string, string> { ["Input.NewEndDate"] = "2019-06-30", ["Input.Reason"] = "Proroga concessa da ATS Insubria" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        var project = await LoadAsync(CastellanzaPlan.CurrentProjectId);
        Assert.Equal(new DateOnly(2019, 6, 30), project.EndDate);
        var extension = Assert.Single(project.Extensions);
        Assert.Equal(new DateOnly(2018, 12, 31), extension.PreviousEndDate);
        Assert.Equal(staff.Id, extension.RecordedBy);
        var page = await client.GetDocumentAsync(url);
        Assert.Equal("31/12/2018", page.Text("[data-testid=original-end]"));
        var cells = page.QuerySelectorAll("[data-testid=extension] td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["31/12/2018", "30/06/2019", "Proroga concessa da ATS Insubria"], cells.Take(3));
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.ProjectExtended && a.ActorId == staff.Id, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Close_ThenEveryEditIsRefused()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var overview = await client.GetDocumentAsync($"/Staff/Project/Overview/{CastellanzaPlan.CurrentProjectId}");

        using var closed = await client.SubmitAsync(overview, new Dictionary<string, string> { ["ClosedOn"] = "2019-01-15" }, "form[action*='handler=Close']");

        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal(ProjectStatus.Closed, (await LoadAsync(CastellanzaPlan.CurrentProjectId)).Status);
        using var extend = await client.PostFormAsync($"/Staff/Project/Extend/{CastellanzaPlan.CurrentProjectId}", new Dictionary<string, string> { ["Input.NewEndDate"] = "2019-06-30", ["Input.Reason"] = "Proroga" });
        Assert.Contains(Domain.Projects.Project.ClosedMessage, (await PortalClient.ParseAsync(extend)).Errors());
    }
}
