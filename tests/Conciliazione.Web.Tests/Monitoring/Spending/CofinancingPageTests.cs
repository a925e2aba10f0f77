using System.Text;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Monitoring.Spending.SpendingSteps;

namespace Conciliazione.Web.Tests.Monitoring.Spending;

/// <summary>Co-financing actually provided, on /Staff/Project/Cofinancing, reconciled with what the plan promised.</summary>
public sealed class CofinancingPageTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task RecordCofinancing_InKind_IsCountedForThePartner_AndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var fagnano = await PartnerAsync(Factory, "Comune di Fagnano Olona");
        var page = await client.GetDocumentAsync(CofinancingUrl);

        using (var saved = await RecordAsync(client, page, new Dictionary<string, string>
        {
            ["Input.PartnerId"] = fagnano.ToString(),
            ["Input.Kind"] = nameof(CofinancingKind.InKind),
            ["Input.Amount"] = "1.014,00",
            ["Input.Date"] = "15/06/2018",
            ["Input.Description"] = "Ore dell'assistente sociale, primo semestre",
        }, ("ore.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var entry = await Factory.WithDbAsync(db => db.CofinancingEntries.AsNoTracking().SingleAsync(ct));
        Assert.Equal((fagnano, CofinancingKind.InKind, 1_014m, new DateOnly(2018, 6, 15)), (entry.PartnerId, entry.Kind, entry.Amount, entry.ProvidedOn));
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.CofinancingRecorded && a.ActorId == staff.Id && a.EntityId == entry.Id.ToString(), ct)));
        var shown = await client.GetDocumentAsync(CofinancingUrl);
        var row = $"tr[data-partner='{fagnano}']";
        Assert.Equal("2.028,00 €", shown.Text(row + " [data-testid=promised-in-kind]"));
        Assert.Equal("1.014,00 €", shown.Text(row + " [data-testid=provided-in-kind]"));
        Assert.Equal("1.014,00 €", shown.Text(row + " [data-testid=left-in-kind]"));
        Assert.Equal("2.000,00 €", shown.Text(row + " [data-testid=left-cash]"));
    }

    [Fact]
    public async Task RecordCofinancing_WithoutKindAndWithAWordDocument_NamesBoth_KeepsTheRest()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var page = await client.GetDocumentAsync(CofinancingUrl);

        using var response = await RecordAsync(client, page, new Dictionary<string, string>
        {
            ["Input.PartnerId"] = (await PartnerAsync(Factory, "Comune di Marnate")).ToString(),
            ["Input.Amount"] = "500",
            ["Input.Date"] = "2018-02-01",
            ["Input.Description"] = "Bonifico",
        }, ("bonifico.docx", "PK\u0003\u0004 word"u8.ToArray()));

        var refused = await PortalClient.ParseAsync(response);
        Assert.Equal("Indicare se il cofinanziamento è in denaro o in valorizzazioni.", refused.Text("#Input_Kind-error"));
        Assert.Equal("Il contenuto del file non corrisponde a un PDF, JPEG o PNG.", refused.Text("#Input_Document-error"));
        Assert.Equal("500", refused.InputValue("#Input_Amount"));
        Assert.NotNull(refused.QuerySelector("[data-testid=rechoose-file]"));
        Assert.False(await Factory.WithDbAsync(db => db.CofinancingEntries.AnyAsync(ct)));
    }

    [Fact]
    public async Task Actuals_ReconcileWithThePlan_PromisedIsTheDeclaredCofinancing_ProvidedIsTheSumOfActiveEntries_LeftIsTheDifference()
    {
        var ct = TestContext.Current.CancellationToken;
        var marnate = await PartnerAsync(Factory, "Comune di Marnate");
        var lead = await PartnerAsync(Factory, CastellanzaPlan.LeadPartner);
        await CofinancingAsync(Factory, marnate, CofinancingKind.Cash, 1_000m);
        await CofinancingAsync(Factory, marnate, CofinancingKind.Cash, 550m);
        await CofinancingAsync(Factory, marnate, CofinancingKind.InKind, 28.5m);
        await CofinancingAsync(Factory, marnate, CofinancingKind.Cash, 999m, withdrawn: true);
        await CofinancingAsync(Factory, lead, CofinancingKind.InKind, 6_000m);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync(CofinancingUrl);

        Assert.Equal("8.050,00 €", page.Text("[data-testid=total-promised-cash]"));
        Assert.Equal("20.691,00 €", page.Text("[data-testid=total-promised-in-kind]"));
        var figures = await SpendingReportTests.ReadAsync(Factory);
        Assert.NotNull(figures);
        Assert.Equal((CastellanzaPlan.CashCofinancing, CastellanzaPlan.InKindCofinancing), (figures.PromisedCash, figures.PromisedInKind));
        var declared = await Factory.WithDbAsync(db => db.Projects.AsNoTracking().Where(p => p.Id == CastellanzaPlan.CurrentProjectId)
            .Select(p => new { p.DeclaredCashCofinancing, p.DeclaredInKindCofinancing }).SingleAsync(ct));
        Assert.Equal((declared.DeclaredCashCofinancing, declared.DeclaredInKindCofinancing), (figures.PromisedCash, figures.PromisedInKind));

        // Provided, per partner and kind, is an independent SQL sum over the active entries.
        var sums = (await SumsAsync(Factory, "SELECT partner_id::text, kind, sum(amount) FROM cofinancing_entries WHERE project_id = @project AND withdrawn_at IS NULL GROUP BY partner_id, kind"))
            .Select(r => new ProvidedSum(Guid.Parse(r.Key), r.Sub, r.Amount)).ToList();
        foreach (var p in figures.Partners)
        {
            Assert.Equal(sums.Where(s => s.PartnerId == p.PartnerId && s.Kind == "Cash").Sum(s => s.Amount), p.ProvidedCash);
            Assert.Equal(sums.Where(s => s.PartnerId == p.PartnerId && s.Kind == "InKind").Sum(s => s.Amount), p.ProvidedInKind);
            Assert.Equal(p.PromisedCash - p.ProvidedCash, p.LeftCash);
            Assert.Equal(p.PromisedInKind - p.ProvidedInKind, p.LeftInKind);
        }

        Assert.Equal(sums.Sum(s => s.Amount), figures.ProvidedCash + figures.ProvidedInKind);
        var row = $"tr[data-partner='{marnate}']";
        Assert.Equal(("1.550,00 €", "1.550,00 €", "0,00 €"), (page.Text(row + " [data-testid=promised-cash]"), page.Text(row + " [data-testid=provided-cash]"), page.Text(row + " [data-testid=left-cash]")));
        Assert.Equal(("2.028,00 €", "28,50 €", "1.999,50 €"), (page.Text(row + " [data-testid=promised-in-kind]"), page.Text(row + " [data-testid=provided-in-kind]"), page.Text(row + " [data-testid=left-in-kind]")));
        // Provided more than promised: the left goes negative, it is not hidden.
        Assert.Equal("-341,00 €", page.Text($"tr[data-partner='{lead}'] [data-testid=left-in-kind]"));
        Assert.Equal("1.550,00 €", page.Text("[data-testid=total-provided-cash]"));
        Assert.Equal("6.028,50 €", page.Text("[data-testid=total-provided-in-kind]"));
        Assert.Equal([CastellanzaPlan.RegionalContribution, CastellanzaPlan.CashCofinancing, CastellanzaPlan.InKindCofinancing], figures.Sources.Select(s => s.Planned));
        Assert.Equal([1_550m, 6_028.5m], figures.Sources.Skip(1).Select(s => s.Actual));
    }

    [Fact]
    public async Task Csv_OfPartnersAndSources_IsUtf8WithSemicolonsAndItalianDecimals()
    {
        var ct = TestContext.Current.CancellationToken;
        var marnate = await PartnerAsync(Factory, "Comune di Marnate");
        await CofinancingAsync(Factory, marnate, CofinancingKind.Cash, 1_234.5m);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        using var partners = await client.GetAsync(CofinancingUrl + "?handler=Csv&table=enti");
        Assert.Equal(HttpStatusCode.OK, partners.StatusCode);
        Assert.Equal("text/csv", partners.Content.Headers.ContentType!.MediaType);
        var bytes = await partners.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Ente partner;Monetario promesso;Monetario versato;Monetario residuo;Valorizzazioni promesse;Valorizzazioni apportate;Valorizzazioni residue", lines[0]);
        Assert.Contains("Comune di Marnate;1.550,00;1.234,50;315,50;2.028,00;0,00;2.028,00", lines);
        Assert.Equal("Totale;8.050,00;1.234,50;6.815,50;20.691,00;0,00;20.691,00", lines[^1]);
        Assert.Equal(CastellanzaPlan.Partners.Count(p => p.Cash + p.InKind > 0m) + 2, lines.Length);

        using var sources = await client.GetAsync(CofinancingUrl + "?handler=Csv&table=fonti");
        var text = Encoding.UTF8.GetString((await sources.Content.ReadAsByteArrayAsync(ct))[3..]);
        Assert.Equal("Fonte;Previsto;Effettivo;Residuo\r\nContributo regionale;32.000,00;0,00;32.000,00\r\nCofinanziamento monetario;8.050,00;1.234,50;6.815,50\r\nCofinanziamento valorizzazioni;20.691,00;0,00;20.691,00\r\n", text);
    }

    private sealed record ProvidedSum(Guid PartnerId, string Kind, decimal Amount);
}
