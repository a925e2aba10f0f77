using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Monitoring.Spending.SpendingSteps;

namespace Conciliazione.Web.Tests.Monitoring.Spending;

/// <summary>Recording and withdrawing a cost on /Staff/Project/Spending, and what bad input gets back.</summary>
public sealed class CostPageTests(PortalFactory factory) : PortalTest(factory)
{
    private static Dictionary<string, string> Good(Guid partnerId) => new()
    {
        ["Input.Category"] = nameof(CostCategory.Staff),
        ["Input.PartnerId"] = partnerId.ToString(),
        ["Input.Amount"] = "1.234,56",
        ["Input.Date"] = "2018-03-15",
        ["Input.Description"] = "Busta paga marzo 2018, educatrice",
    };

    [Fact]
    public async Task RecordCost_WithDocument_IsCountedListedAndAudited_ThenWithdrawnWithAReason_WhichIsRequired()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var partnerId = await PartnerAsync(Factory, "Comune di Marnate");
        var page = await client.GetDocumentAsync(SpendingUrl);
        Assert.Equal("0,00 €", page.Text("[data-testid=spent-A]"));
        Assert.Equal("34.784,00 €", page.Text("[data-testid=left-A]"));

        using (var saved = await RecordAsync(client, page, Good(partnerId), ("busta-paga.pdf", Pdf("busta"))))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var entry = await Factory.WithDbAsync(db => db.CostEntries.AsNoTracking().SingleAsync(ct));
        Assert.Equal((CostCategory.Staff, partnerId, 1_234.56m, new DateOnly(2018, 3, 15), staff.Id), (entry.Category, entry.PartnerId, entry.Amount, entry.IncurredOn, entry.RecordedBy));
        var audit = await Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == AuditActions.CostRecorded, ct));
        Assert.Equal((staff.Id, entry.Id.ToString()), (audit.ActorId, audit.EntityId));

        var shown = await client.GetDocumentAsync(SpendingUrl);
        Assert.Contains("Spesa registrata", shown.Text("[role=status]"), StringComparison.Ordinal);
        Assert.Equal("1.234,56 €", shown.Text("[data-testid=spent-A]"));
        Assert.Equal("33.549,44 €", shown.Text("[data-testid=left-A]"));
        var link = shown.QuerySelector($"tr[data-entry='{entry.Id}'] a")!.GetAttribute("href")!;
        using (var download = await client.GetAsync(link))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal(Pdf("busta"), await download.Content.ReadAsByteArrayAsync(ct));
        }

        using (var noReason = await client.SubmitAsync(shown, new Dictionary<string, string> { ["reason"] = "  " }, "form[data-testid=withdraw-form]"))
        {
            Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
            var refused = await PortalClient.ParseAsync(noReason);
            Assert.Equal("Indicare perché la voce viene ritirata.", refused.Text("#Withdraw_Reason-error"));
            Assert.False((await Factory.WithDbAsync(db => db.CostEntries.AsNoTracking().SingleAsync(ct))).IsWithdrawn);
        }

        using (var withdrawn = await client.SubmitAsync(shown, new Dictionary<string, string> { ["reason"] = "Busta paga registrata due volte" }, "form[data-testid=withdraw-form]"))
        {
            Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        }

        var kept = await Factory.WithDbAsync(db => db.CostEntries.AsNoTracking().SingleAsync(ct));
        Assert.Equal("Busta paga registrata due volte", kept.WithdrawnReason);
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.CostWithdrawn && a.ActorId == staff.Id && a.EntityId == entry.Id.ToString(), ct)));
        var after = await client.GetDocumentAsync(SpendingUrl);
        Assert.Equal("0,00 €", after.Text("[data-testid=spent-A]"));
        Assert.Contains("Busta paga registrata due volte", after.Text($"tr[data-entry='{entry.Id}'] [data-testid=withdrawn]"), StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("form[data-testid=withdraw-form]"));
    }

    public static TheoryData<string, string, string, string, string> BadInputs => new()
    {
        // field changed, its value, file ("none", "text", "pdf"), the error's element, the message
        { "Input.Amount", "1.234,56", "none", "#Input_Document-error", "Allegare il documento che prova la voce (fattura, busta paga, dichiarazione)." },
        { "Input.Amount", "1.234,56", "text", "#Input_Document-error", "Il contenuto del file non corrisponde a un PDF, JPEG o PNG." },
        { "Input.Amount", "-5", "pdf", "#Input_Amount-error", "L'importo non può essere negativo." },
        { "Input.Amount", "0", "pdf", "#Input_Amount-error", "L'importo deve essere maggiore di zero." },
        { "Input.Amount", "10.123", "pdf", "#Input_Amount-error", "L'importo può avere al massimo due decimali (per esempio 1.234,56)." },
        { "Input.Amount", "mille euro", "pdf", "#Input_Amount-error", "L'importo non è un numero valido (per esempio 1.234,56)." },
        { "Input.Date", "2016-12-31", "pdf", "#Input_Date-error", "La spesa deve cadere nelle date del progetto (01/01/2017 - 31/12/2018)." },
        { "Input.Date", "ieri", "pdf", "#Input_Date-error", "Indicare la data della spesa (per esempio 15/03/2018)." },
        { "Input.Category", nameof(CostCategory.Vouchers), "pdf", "#Input_Category-error", CostEntry.VouchersComputedMessage },
        { "Input.Description", " ", "pdf", "#Input_Description-error", "Descrivere la voce (per esempio il numero della fattura)." },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task RecordCost_WithBadInput_ShowsTheItalianMessageOnItsField_KeepsWhatWasTyped_SavesNothing(string field, string value, string file, string errorSelector, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var partnerId = await PartnerAsync(Factory, "Comune di Marnate");
        var page = await client.GetDocumentAsync(SpendingUrl);
        var values = Good(partnerId);
        values[field] = value;
        (string, byte[])? upload = file switch
        {
            "pdf" => ("fattura.pdf", Pdf()),
            "text" => ("fattura.pdf", "non sono un PDF"u8.ToArray()),
            _ => null,
        };

        using var response = await RecordAsync(client, page, values, upload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refused = await PortalClient.ParseAsync(response);
        Assert.Equal(message, refused.Text(errorSelector));
        Assert.Contains(message, refused.Errors());
        Assert.Equal(values["Input.Amount"], refused.InputValue("#Input_Amount"));
        Assert.Equal(values["Input.Date"], refused.InputValue("#Input_Date"));
        Assert.Equal(values["Input.Description"], refused.InputValue("#Input_Description"));
        Assert.Equal(partnerId.ToString(), ((AngleSharp.Html.Dom.IHtmlSelectElement)refused.QuerySelector("#Input_PartnerId")!).Value);
        // A chosen file is not sent back by the browser: the page says to choose it again.
        Assert.Equal(upload is not null, refused.QuerySelector("[data-testid=rechoose-file]") is not null);
        Assert.False(await Factory.WithDbAsync(db => db.CostEntries.AnyAsync(ct)));
        Assert.False(await Factory.WithDbAsync(db => db.MonitoringDocuments.AnyAsync(ct)));
        Assert.False(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.CostRecorded, ct)));
    }

    [Fact]
    public async Task RecordCost_WhenTheProjectWasClosedMeanwhile_IsRefusedWithTheClosedMessage_AndAClosedProjectShowsNoForm()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var partnerId = await PartnerAsync(Factory, "Comune di Marnate");
        var page = await client.GetDocumentAsync(SpendingUrl);
        var withdrawable = await CostAsync(Factory, CostCategory.Services, partnerId, 100m);
        var listed = await client.GetDocumentAsync(SpendingUrl);
        await Factory.WithDbAsync(async db =>
        {
            var project = await db.Projects.SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, ct);
            project.Close(new DateOnly(2019, 1, 15), null);
            await db.SaveChangesAsync(ct);
        });

        using var response = await RecordAsync(client, page, Good(partnerId), ("fattura.pdf", Pdf()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refused = await PortalClient.ParseAsync(response);
        Assert.Contains(Project.ClosedMessage, refused.Errors());
        Assert.Null(refused.QuerySelector("form[data-testid=record-form]"));
        using (var withdraw = await client.SubmitAsync(listed, new Dictionary<string, string> { ["reason"] = "errore" }, "form[data-testid=withdraw-form]"))
        {
            Assert.Contains(Project.ClosedMessage, (await PortalClient.ParseAsync(withdraw)).Errors());
        }

        Assert.Equal([withdrawable], await Factory.WithDbAsync(db => db.CostEntries.Where(c => c.WithdrawnAt == null).Select(c => c.Id).ToListAsync(ct)));
        var closed = await client.GetDocumentAsync(SpendingUrl);
        Assert.Contains(Project.ClosedMessage, closed.Text("[role=status]"), StringComparison.Ordinal);
        Assert.Null(closed.QuerySelector("main form"));
    }
}
