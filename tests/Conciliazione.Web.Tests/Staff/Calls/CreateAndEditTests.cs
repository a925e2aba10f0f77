using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Calls;

public sealed class CreateAndEditTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private async Task<Dictionary<string, string>> ValidCreateAsync(string budget = "5.000,00") => new()
    {
        ["Input.ActionId"] = (await CallSeeds.ActionIdAsync(Factory, "B")).ToString(),
        ["Input.ReferenceNumber"] = "AV-2018-07",
        ["Input.Title"] = "Voucher centri estivi 2018",
        ["Input.Description"] = "Contributo per i centri estivi.",
        ["Input.OpensAt"] = "2027-03-01T09:00",
        ["Input.ClosesAt"] = "2027-03-28T23:59",
        ["Input.ServiceStart"] = "2018-06-01",
        ["Input.ServiceEnd"] = "2018-09-15",
        ["Input.Budget"] = budget,
    };

    private Task<int> CallCountAsync() => Factory.WithDbAsync(db => db.Calls.CountAsync(TestContext.Current.CancellationToken));

    [Fact]
    public async Task Create_Valid_SavesADraft_StoringTheWindowInUtc_AndAudits()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Calls/Create");

        using var response = await client.SubmitAsync(form, await ValidCreateAsync());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var call = await Factory.WithDbAsync(db => db.Calls.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(CallStatus.Draft, call.Status);
        Assert.Equal("B", call.ActionCode);
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 8, 0, 0, TimeSpan.Zero), call.OpensAt);
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 21, 59, 0, TimeSpan.Zero), call.ClosesAt);
        Assert.Equal(5_000m, call.Budget);
        var audit = await Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == AuditActions.CallCreated, TestContext.Current.CancellationToken));
        Assert.Equal(staff.Id, audit.ActorId);
        var details = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("dal 01/03/2027 09:00 al 28/03/2027 23:59", details.Text("[data-testid=window]"));
    }

    [Fact]
    public async Task Create_WindowClosingBeforeItOpens_ShowsItalianMessage_KeepsWhatWasTyped_SavesNothing()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Calls/Create");
        var values = await ValidCreateAsync();
        values["Input.ClosesAt"] = "2027-02-28T12:00";

        using var response = await client.SubmitAsync(form, values);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal("La chiusura delle domande deve essere successiva all'apertura.", page.Text("#Input_ClosesAt-error"));
        Assert.Equal("2027-02-28T12:00", page.InputValue("#Input_ClosesAt"));
        Assert.Equal("Voucher centri estivi 2018", page.InputValue("#Input_Title"));
        Assert.Equal(0, await CallCountAsync());
    }

    [Fact]
    public async Task Create_ServicePeriodOutsideTheProject_ShowsItalianMessage_SavesNothing()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Calls/Create");
        var values = await ValidCreateAsync();
        values["Input.ServiceEnd"] = "2019-01-31";

        using var response = await client.SubmitAsync(form, values);

        var page = await PortalClient.ParseAsync(response);
        Assert.Contains("Il periodo dei servizi deve stare dentro il periodo del progetto (01/01/2017 - 31/12/2018).", page.Errors());
        Assert.Equal("2019-01-31", page.InputValue("#Input_ServiceEnd"));
        Assert.Equal(0, await CallCountAsync());
    }

    [Fact]
    public async Task Create_BudgetOverWhatIsLeft_ShowsItalianMessage_SavesNothing()
    {
        await CallSeeds.CallAsync(Factory, Now, budget: 12_000m, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Calls/Create");

        using var response = await client.SubmitAsync(form, await ValidCreateAsync("3.401,01"));

        var page = await PortalClient.ParseAsync(response);
        Assert.Contains("Il budget del bando (3.401,01 €) supera quanto resta per i voucher del progetto (3.401,00 €). Ridurre il budget o registrare una riallocazione motivata.", page.Errors());
        Assert.Equal("3.401,01", page.InputValue("#Input_Budget"));
        Assert.Equal(1, await CallCountAsync());
    }

    [Fact]
    public async Task Edit_ShowsWhatIsLeft_AndAReallocationLetsTheBudgetGrowBeyondCategoryD()
    {
        await CallSeeds.CallAsync(Factory, Now, budget: 10_000m, publish: false, reference: "AV-1");
        var id = await CallSeeds.CallAsync(Factory, Now, budget: 5_000m, publish: false, reference: "AV-2");
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var edit = await client.GetDocumentAsync($"/Staff/Calls/Edit/{id}");
        Assert.Equal("15.401,00 €", edit.Text("[data-testid=category-d]"));
        Assert.Equal("10.000,00 €", edit.Text("[data-testid=other-calls]"));
        Assert.Equal("5.401,00 €", edit.Text("[data-testid=left]"));

        using var refused = await client.SubmitAsync(edit, new Dictionary<string, string> { ["Input.Budget"] = "6.000,00" }, "#call-form");
        Assert.Contains("Il budget del bando (6.000,00 €) supera quanto resta per i voucher del progetto (5.401,00 €). Ridurre il budget o registrare una riallocazione motivata.", (await PortalClient.ParseAsync(refused)).Errors());

        var reallocate = await client.GetDocumentAsync($"/Staff/Calls/Reallocate/{CastellanzaPlan.CurrentProjectId}");
        using var reallocated = await client.SubmitAsync(reallocate, new Dictionary<string, string>
        {
            ["Input.Amount"] = "1.000,00",
            ["Input.FromCategory"] = "Services",
            ["Input.Reason"] = "Rimodulazione approvata dall'ATS il 10/05/2018",
        });
        Assert.Equal(HttpStatusCode.Redirect, reallocated.StatusCode);

        edit = await client.GetDocumentAsync($"/Staff/Calls/Edit/{id}");
        Assert.Equal("6.401,00 €", edit.Text("[data-testid=left]"));
        using var saved = await client.SubmitAsync(edit, new Dictionary<string, string> { ["Input.Budget"] = "6.000,00" }, "#call-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(6_000m, (await CallSeeds.LoadCallAsync(Factory, id)).Budget);
    }

    [Fact]
    public async Task Reallocate_WithoutReason_ShowsItalianMessage_SavesNothing()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync($"/Staff/Calls/Reallocate/{CastellanzaPlan.CurrentProjectId}");

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Amount"] = "500", ["Input.FromCategory"] = "Services", ["Input.Reason"] = "" });

        Assert.Equal("Indicare il motivo della riallocazione.", (await PortalClient.ParseAsync(response)).Text("#Input_Reason-error"));
        Assert.False(await Factory.WithDbAsync(db => db.VoucherReallocations.AnyAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task UploadDocument_ThatIsNotAPdf_IsRefused_AndAPdfIsStored()
    {
        var id = await CallSeeds.CallAsync(Factory, Now, publish: false);
        await Factory.WithDbAsync(db => db.CallDocuments.Where(d => d.CallId == id).ExecuteDeleteAsync(TestContext.Current.CancellationToken));
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var edit = await client.GetDocumentAsync($"/Staff/Calls/Edit/{id}");

        using var exe = await UploadAsync(client, edit, "bando.pdf", "MZ\u0090\0 this is an executable"u8.ToArray());
        Assert.Equal("Il file non è un PDF: caricare un documento in formato PDF.", (await PortalClient.ParseAsync(exe)).Text("#document-error"));
        Assert.False(await Factory.WithDbAsync(db => db.CallDocuments.AnyAsync(d => d.CallId == id, TestContext.Current.CancellationToken)));

        using var pdf = await UploadAsync(client, edit, "../../Bando ufficiale.pdf", CallSeeds.Pdf);
        Assert.Equal(HttpStatusCode.Redirect, pdf.StatusCode);
        Assert.Equal("Bando_ufficiale.pdf", (await CallSeeds.LoadCallAsync(Factory, id)).DocumentFileName);
        Assert.Equal(CallSeeds.Pdf, await Factory.WithDbAsync(db => db.CallDocuments.Where(d => d.CallId == id).Select(d => d.Content).SingleAsync(TestContext.Current.CancellationToken)));
    }

    private static Task<HttpResponseMessage> UploadAsync(PortalClient client, AngleSharp.Html.Dom.IHtmlDocument page, string fileName, byte[] content) =>
        CallEditForm.SubmitWithFileAsync(client, page, new Dictionary<string, string>(), fileName, content);
}
