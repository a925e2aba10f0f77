using System.Globalization;
using System.Text;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Providers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Seeding;

/// <summary>
/// DEMO DATA, not the plan: a "[DEMO]" project of the Castellanza alliance running around today,
/// with fictional providers (example.it) and one open call for action A and one for action B, so a
/// newcomer can try applying today. Run by the web demo seeder only, never by tests or in
/// production. Idempotent: nothing is added when the demo project exists.
/// </summary>
/// <remarks>
/// The real 2017-2018 project cannot hold a call open today: a call's service period must lie
/// inside its project's period. Rather than bend the plan's dates, the demo gets its own clearly
/// labelled project whose period starts 30 days before the seed date and lasts a year.
/// </remarks>
public static class DemoCalls
{
    public static readonly Guid ProjectId = Guid.Parse("6f1c2b7e-0000-4000-8000-0000000000d0");
    public const string ProjectTitle = "[DEMO] Voucher di prova per conciliare famiglia e lavoro";
    public const string ChildcareCallTitle = "[DEMO] Voucher per i servizi all'infanzia";
    public const string CareCallTitle = "[DEMO] Voucher per l'assistenza e il trasporto di persone fragili";

    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    public static async Task SeedAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct = default)
    {
        if (await db.Projects.AnyAsync(p => p.Id == ProjectId, ct))
        {
            return;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Rome).DateTime);
        var project = Project.Create(ProjectId, CastellanzaPlan.AllianceId, ProjectTitle,
            "Dati dimostrativi: non è un progetto reale dell'alleanza", today.AddDays(-30), today.AddYears(1));
        // 10,000.00 for the two open calls below and 3,500.00 for the closed one of the web demo (DemoActivity).
        project.SetFunding(13_500m, 13_500m, 0m, 0m, 0m);
        foreach (var category in CostCategories.All)
        {
            project.SetBudgetLine(category, category == CostCategory.Vouchers ? 13_500m : 0m, BudgetCommitments.None);
        }

        foreach (var (code, texts) in CastellanzaPlan.Actions.Where(a => a.Code is "A" or "B"))
        {
            var action = project.AddAction(code, texts);
            foreach (var i in CastellanzaPlan.Indicators.Where(i => i.Action == code && i.Source == IndicatorSource.Computed))
            {
                Indicator.TryParseTarget(i.Target, out var comparison, out var target, out _);
                project.AddIndicator(action.Id, i.Name, i.Unit, comparison, target, i.Source, i.Computation);
            }
        }

        db.Projects.Add(project);
        var a = project.Actions.Single(x => x.Code == "A").Id;
        var b = project.Actions.Single(x => x.Code == "B").Id;
        var signed = today.AddDays(-20);
        var providers = new[]
        {
            Demo("[DEMO] Nido Il Girotondo Società Cooperativa Sociale", "01234567897", "01234567897", "Via delle Rose 1", "21053", "Castellanza", "nido.girotondo@example.it",
                [ServiceType.Micronido, ServiceType.CentroPrimaInfanzia, ServiceType.Ludoteca], AgreementKind.Convenzione, "DEMO-CONV-01", signed, [b]),
            Demo("[DEMO] Estate Insieme Associazione", null, "98765432103", "Piazza del Mercato 5", "21019", "Somma Lombardo", "estate.insieme@example.it",
                [ServiceType.CentroEstivo, ServiceType.BabyParking], AgreementKind.Accreditamento, "DEMO-ACC-02", signed, [b]),
            Demo("[DEMO] Assistenza Familiare Olona Società Cooperativa", "12345678903", "12345678903", "Via Manzoni 12", "21055", "Gorla Minore", "assistenza.olona@example.it",
                [ServiceType.FamilyAssistant, ServiceType.ProfessionalCarer, ServiceType.BabySitter], AgreementKind.Convenzione, "DEMO-CONV-03", signed, [a]),
            Demo("[DEMO] Trasporti Solidali Onlus", "02468135799", "02468135799", "Via Verdi 3", "21054", "Fagnano Olona", "trasporti.solidali@example.it",
                [ServiceType.FragilePersonTransport], AgreementKind.Convenzione, "DEMO-CONV-04", signed, [a]),
        };
        db.Providers.AddRange(providers);
        await db.SaveChangesAsync(ct);

        var opens = RomeInstant(today.AddDays(-7), 9);
        var closes = RomeInstant(today.AddDays(30), 12);
        var childcare = Call.CreateDraft(CastellanzaPlan.AllianceId, project, b,
            new CallDetails("DEMO-B-01", ChildcareCallTitle,
                "Dati dimostrativi. Contributo alle famiglie che lavorano per la frequenza di nidi, centri prima infanzia, ludoteche, centri estivi e baby-parking non coperti da Nidi Gratis.",
                opens, closes, today, today.AddMonths(6), 6_000m, AllowsOtherProvider: true),
            new VoucherBudget(13_500m, 0m, 0m), now, null);
        childcare.ReviseRules(new CallRules
        {
            ServiceTypes = [ServiceType.Micronido, ServiceType.CentroPrimaInfanzia, ServiceType.BabyParking, ServiceType.Ludoteca, ServiceType.CentroEstivo],
            Eligibility = new EligibilityRules { MinAgeMonths = 3, MaxAgeYears = 11, AgeReferenceDate = today, IseeCeiling = 35_000m, IncompatibleBenefits = ["Nidi Gratis", "Bonus nido INPS"] },
            Amount = new AmountRule { Kind = AmountKind.ShareOfSpending, RatePercent = 50m, CapPerChild = 350m },
            Funding = new FundingRule { Mode = FundingMode.Ranking, TieBreaks = [TieBreak.SubmissionTime, TieBreak.OlderChild] },
            Documents = [new RequiredDocument("Attestazione ISEE in corso di validità", true), new RequiredDocument("Iscrizione al servizio", true), new RequiredDocument("Certificazione di disabilità nel nucleo", false)],
            SelfDeclarations = ["di risiedere in uno dei comuni dell'alleanza o di lavorare presso un ente partner", "che entrambi i genitori lavorano, oppure di essere il genitore unico affidatario che lavora", "di non ricevere Nidi Gratis o il bonus nido INPS per lo stesso figlio e lo stesso servizio"],
        });
        childcare.SetProviders([providers[0], providers[1]], today);
        db.CallDocuments.Add(childcare.AttachDocument("bando-demo-infanzia.pdf", DemoPdf(ChildcareCallTitle), now));

        var care = Call.CreateDraft(CastellanzaPlan.AllianceId, project, a,
            new CallDetails("DEMO-A-01", CareCallTitle,
                "Dati dimostrativi. Contributo ai lavoratori che assistono un familiare fragile (minore o adulto con disabilità, anziano non autosufficiente) per baby-sitter, assistenti e trasporto.",
                opens, closes, today, today.AddMonths(6), 4_000m, AllowsOtherProvider: false),
            new VoucherBudget(13_500m, 0m, 6_000m), now, null);
        care.ReviseRules(new CallRules
        {
            ServiceTypes = ServiceTypes.Care.ToList(),
            Eligibility = new EligibilityRules { Territory = TerritorialRequirement.ResidenceOrEmployment, IncompatibleBenefits = ["Misura B1", "Misura B2"] },
            Amount = new AmountRule { Kind = AmountKind.ShareOfSpending, RatePercent = 20m, CapPerApplication = 400m },
            Funding = new FundingRule { Mode = FundingMode.FirstComeFirstServed },
            Documents = [new RequiredDocument("Documentazione della condizione di fragilità del familiare", true)],
            SelfDeclarations = ["di assistere un familiare in condizione di fragilità convivente o a carico", "di non ricevere la Misura B1 o B2 per lo stesso servizio"],
        });
        care.SetProviders([providers[2], providers[3]], today);
        db.CallDocuments.Add(care.AttachDocument("bando-demo-assistenza.pdf", DemoPdf(CareCallTitle), now));

        childcare.Publish(project, now, null);
        care.Publish(project, now, null);
        db.Calls.AddRange(childcare, care);
        await db.SaveChangesAsync(ct);
    }

    private static Provider Demo(string name, string? vat, string taxCode, string address, string cap, string municipality, string email,
        ServiceType[] services, AgreementKind kind, string number, DateOnly signed, Guid[] actions)
    {
        var provider = Provider.Create(CastellanzaPlan.AllianceId, new ProviderDetails(name, vat, taxCode, address, cap, municipality, email, null, null, services, null));
        provider.AddAgreement(new AgreementDetails(kind, number, signed, signed, signed.AddYears(2), actions));
        return provider;
    }

    private static DateTimeOffset RomeInstant(DateOnly day, int hour)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0));
        return new DateTimeOffset(local, Rome.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>A one-page PDF saying it is a demo document (built by hand: no PDF library in the domain).</summary>
    public static byte[] DemoPdf(string title)
    {
        var text = "Documento dimostrativo - " + new string(title.Where(c => c < 128 && c is not '(' and not ')' and not '\\').ToArray());
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            null,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var stream = string.Create(CultureInfo.InvariantCulture, $"BT /F1 14 Tf 50 780 Td ({text}) Tj ET");
        objects[3] = string.Create(CultureInfo.InvariantCulture, $"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream");
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
