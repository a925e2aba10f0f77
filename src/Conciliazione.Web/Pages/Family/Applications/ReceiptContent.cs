using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Documents;
using Conciliazione.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>Turns an application into the lines people read: on the receipt and on the review page.</summary>
public static class ReceiptContent
{
    private static readonly CultureInfo It = CultureInfo.GetCultureInfo("it-IT");

    public static async Task<ReceiptDocument> BuildAsync(AppDbContext db, Application a, CallForApplicants call, CancellationToken ct)
    {
        var allianceName = await db.Alliances.Where(x => x.Id == a.AllianceId).Select(x => x.Name).SingleAsync(ct);
        var municipality = a.ResidenceMunicipalityId is { } m
            ? await db.Municipalities.Where(x => x.Id == m).Select(x => x.Name).SingleOrDefaultAsync(ct)
            : null;
        return new ReceiptDocument(
            allianceName,
            call.Reference,
            call.Title,
            a.ProtocolNumber ?? "-",
            a.SubmittedAt is { } at ? RomeTime.Format(at) : "-",
            Applicant(a, municipality),
            Household(a),
            Request(a, call),
            [.. a.Declarations.OtherBenefits, .. string.IsNullOrWhiteSpace(a.Declarations.OtherBenefitsNote) ? Array.Empty<string>() : [a.Declarations.OtherBenefitsNote]],
            call.Declarations.Where(d => a.Declarations.AcceptedDeclarations.Contains(d.Key)).Select(d => d.Text).ToList(),
            a.Documents.Where(d => d.RequirementKey != ApplicationDocument.ReceiptKey)
                .Select(d => $"{Label(call, d.RequirementKey)}: {d.FileName}").ToList());
    }

    public static IReadOnlyList<(string, string)> Applicant(Application a, string? municipality) =>
    [
        ("Nome e cognome", $"{a.Applicant.GivenName} {a.Applicant.FamilyName}"),
        ("Codice fiscale", a.Applicant.FiscalCode),
        ("E-mail", a.Applicant.Email ?? "-"),
        ("Telefono", a.Applicant.Phone ?? "-"),
        ("Comune di residenza", municipality ?? "Fuori dall'alleanza"),
        ("Situazione lavorativa", Employment(a.Employment.Kind)),
        ("Datore di lavoro", a.Employment.EmployerName is null ? "-" : a.Employment.EmployerName + (a.Employment.EmployerIsPartner ? " (ente partner)" : "")),
    ];

    public static IReadOnlyList<(string, string)> Household(Application a)
    {
        var rows = new List<(string, string)>();
        if (a.Household.SingleCustodialParent)
        {
            rows.Add(("Altro genitore", "Genitore unico affidatario"));
        }
        else if (a.Household.OtherParentName is not null)
        {
            rows.Add(("Altro genitore", $"{a.Household.OtherParentName} - {(a.Household.OtherParentEmployment is { } k ? Employment(k) : "-")}"));
        }

        rows.AddRange(a.Household.Children.Select(c => ("Figlio", $"{c.GivenName} {c.FamilyName}, nato/a il {c.BirthDate.ToString("dd/MM/yyyy", It)}, C.F. {c.FiscalCode}")));
        if (a.Household.AssistedPersonName is not null)
        {
            rows.Add(("Persona assistita", $"{a.Household.AssistedPersonName} ({a.Household.AssistedRelationship}), C.F. {a.Household.AssistedPersonFiscalCode}"));
        }

        rows.Add(("ISEE", a.Isee.HasIsee
            ? $"{(a.Isee.Type == IseeType.Minorenni ? "Minorenni" : "Ordinario")} {Money.Format(a.Isee.Value ?? 0)}, DSU {a.Isee.DsuNumber}, scadenza {a.Isee.ExpiresOn?.ToString("dd/MM/yyyy", It)}"
            : "Non presentato"));
        return rows;
    }

    public static IReadOnlyList<(string, string)> Request(Application a, CallForApplicants call) =>
    [
        ("Servizio", call.ServiceTypes.FirstOrDefault(t => t.Key == a.Service.ServiceType)?.Label ?? "-"),
        ("Ente erogatore", a.Service.ProviderId is { } p ? call.Providers.FirstOrDefault(x => x.Id == p)?.Name ?? "-" : a.Service.OtherProviderName ?? "-"),
        ("Periodo", a.Service.From is { } f && a.Service.To is { } t ? $"dal {f.ToString("dd/MM/yyyy", It)} al {t.ToString("dd/MM/yyyy", It)}" : "-"),
        ("Spesa mensile prevista", a.Service.MonthlyCost is { } c ? Money.Format(c) : "-"),
    ];

    public static string Label(CallForApplicants call, string requirementKey) =>
        requirementKey == ApplicationDocument.DecisionKey ? "Lettera di esito" : call.Documents.FirstOrDefault(d => d.Key == requirementKey)?.Label ?? requirementKey;

    private static string Employment(EmploymentKind kind) => kind switch
    {
        EmploymentKind.Employee => "Lavoratore dipendente",
        EmploymentKind.SelfEmployed => "Lavoratore autonomo",
        EmploymentKind.Freelancer => "Libero professionista",
        _ => "Non lavora",
    };
}
