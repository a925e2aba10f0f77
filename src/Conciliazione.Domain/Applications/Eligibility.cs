using System.Globalization;

namespace Conciliazione.Domain.Applications;

public enum EligibilityOutcome
{
    Eligible,
    NotEligible,
    ToVerify,
}

/// <summary>What a call asks of applicants, in the form the eligibility check needs.</summary>
public sealed record EligibilityCriteria(
    bool ResidenceInAlliance,
    bool EmploymentByPartnerAccepted,
    bool WorkingParentsRequired,
    int? ChildMinAgeMonths,
    int? ChildMaxAgeMonths,
    DateOnly AgeReferenceDate,
    decimal? IseeCeiling,
    IReadOnlyList<string> IncompatibleBenefits,
    IReadOnlyList<EmploymentKind>? AcceptedEmployment = null)
{
    /// <summary>The kinds of work the call accepts for a working parent (all three when the call sets none).</summary>
    public IReadOnlyList<EmploymentKind> AcceptedKinds { get; } = AcceptedEmployment ?? Eligibility.WorkingKinds;

    /// <summary>True when the call accepts only some kinds of work (e.g. employees only).</summary>
    public bool RestrictsEmployment => Eligibility.WorkingKinds.Any(k => !AcceptedKinds.Contains(k));
}

/// <summary>The answers of the pre-check (or of a draft), each possibly unknown.</summary>
public sealed record EligibilityAnswers(
    bool? ResidentInAlliance,
    bool? EmployedByPartner,
    bool? ApplicantWorks,
    bool? OtherParentWorksOrSingleParent,
    DateOnly? ChildBirthDate,
    decimal? IseeValue,
    bool? NoIsee,
    IReadOnlyList<string> OtherBenefits,
    EmploymentKind? ApplicantEmployment = null,
    EmploymentKind? OtherParentEmployment = null);

public sealed record EligibilityResult(string Rule, EligibilityOutcome Outcome, string Reason);

/// <summary>
/// The call's eligibility rules, applied the same way by the anonymous pre-check (which stores
/// nothing) and by the application wizard. Each rule answers eligible, not eligible or "to be
/// verified" (when the answer is missing or only the office can check it), with the reason in
/// plain Italian.
/// </summary>
public static class Eligibility
{
    private static readonly CultureInfo It = CultureInfo.GetCultureInfo("it-IT");

    /// <summary>The kinds of work a call may accept; <see cref="EmploymentKind.NotWorking"/> is never one.</summary>
    public static readonly IReadOnlyList<EmploymentKind> WorkingKinds = [EmploymentKind.Employee, EmploymentKind.SelfEmployed, EmploymentKind.Freelancer];

    /// <summary>Whether work of this kind counts for the call (the call's "Employees / Self-employed / Freelancers" flags).</summary>
    public static bool Accepts(EligibilityCriteria c, EmploymentKind kind) => c.AcceptedKinds.Contains(kind);

    /// <summary>The accepted kinds in plain Italian, e.g. "lavoratori dipendenti o liberi professionisti".</summary>
    public static string DescribeAccepted(EligibilityCriteria c)
    {
        var names = c.AcceptedKinds.Select(k => k switch
        {
            EmploymentKind.Employee => "lavoratori dipendenti",
            EmploymentKind.SelfEmployed => "lavoratori autonomi",
            EmploymentKind.Freelancer => "liberi professionisti",
            _ => "",
        }).Where(n => n.Length > 0).ToList();
        return names.Count <= 1 ? names.FirstOrDefault() ?? "" : string.Join(", ", names.Take(names.Count - 1)) + " o " + names[^1];
    }

    public static IReadOnlyList<EligibilityResult> Evaluate(EligibilityCriteria c, EligibilityAnswers a)
    {
        var results = new List<EligibilityResult>
        {
            Territory(c, a),
        };
        if (c.WorkingParentsRequired)
        {
            results.Add(WorkingParents(a));
        }

        if (c.RestrictsEmployment)
        {
            results.Add(KindOfWork(c, a));
        }

        if (c.ChildMinAgeMonths is not null || c.ChildMaxAgeMonths is not null)
        {
            results.Add(ChildAge(c, a));
        }

        if (c.IseeCeiling is { } ceiling)
        {
            results.Add(Isee(ceiling, a));
        }

        results.Add(Benefits(c, a));
        return results;
    }

    public static EligibilityOutcome Overall(IReadOnlyList<EligibilityResult> results) =>
        results.Any(r => r.Outcome == EligibilityOutcome.NotEligible) ? EligibilityOutcome.NotEligible
        : results.Any(r => r.Outcome == EligibilityOutcome.ToVerify) ? EligibilityOutcome.ToVerify
        : EligibilityOutcome.Eligible;

    /// <summary>Whole months of age at the reference date.</summary>
    public static int AgeInMonths(DateOnly birth, DateOnly at)
    {
        var months = ((at.Year - birth.Year) * 12) + at.Month - birth.Month;
        return at.Day < birth.Day ? months - 1 : months;
    }

    private static EligibilityResult Territory(EligibilityCriteria c, EligibilityAnswers a)
    {
        const string rule = "Residenza o lavoro";
        if (c.ResidenceInAlliance && a.ResidentInAlliance == true)
        {
            return new(rule, EligibilityOutcome.Eligible, "Risiedi in un comune dell'alleanza.");
        }

        if (c.EmploymentByPartnerAccepted && a.EmployedByPartner == true)
        {
            return new(rule, EligibilityOutcome.Eligible, "Lavori presso un ente partner dell'alleanza.");
        }

        if ((c.ResidenceInAlliance && a.ResidentInAlliance is null) || (c.EmploymentByPartnerAccepted && a.EmployedByPartner is null))
        {
            return new(rule, EligibilityOutcome.ToVerify, "Indica se risiedi in un comune dell'alleanza o lavori presso un ente partner.");
        }

        return new(rule, EligibilityOutcome.NotEligible, (c.ResidenceInAlliance, c.EmploymentByPartnerAccepted) switch
        {
            (true, true) => "Il bando è riservato a chi risiede in un comune dell'alleanza o lavora presso un ente partner.",
            (false, true) => "Il bando è riservato a chi lavora presso un ente partner dell'alleanza.",
            _ => "Il bando è riservato a chi risiede in un comune dell'alleanza.",
        });
    }

    private static EligibilityResult WorkingParents(EligibilityAnswers a)
    {
        const string rule = "Genitori che lavorano";
        if (a.ApplicantWorks == false || a.OtherParentWorksOrSingleParent == false)
        {
            return new(rule, EligibilityOutcome.NotEligible, "Entrambi i genitori devono lavorare (dipendenti, autonomi o liberi professionisti), oppure il genitore unico affidatario.");
        }

        return a.ApplicantWorks == true && a.OtherParentWorksOrSingleParent == true
            ? new(rule, EligibilityOutcome.Eligible, "I genitori lavorano come richiesto dal bando.")
            : new(rule, EligibilityOutcome.ToVerify, "Indica la situazione lavorativa di entrambi i genitori.");
    }

    /// <remarks>
    /// A call may accept only some kinds of work (Regione Lombardia's "Conciliazione vita-lavoro"
    /// calls set employees, self-employed and freelancers separately): the applicant's work must be
    /// one of them, and so must the other parent's when both parents must work.
    /// </remarks>
    private static EligibilityResult KindOfWork(EligibilityCriteria c, EligibilityAnswers a)
    {
        const string rule = "Tipo di lavoro";
        var accepted = DescribeAccepted(c);
        if (a.ApplicantEmployment is not { } mine)
        {
            return new(rule, EligibilityOutcome.ToVerify, $"Indica come lavori: il bando è riservato a {accepted}.");
        }

        if (!Accepts(c, mine))
        {
            return new(rule, EligibilityOutcome.NotEligible, $"Il bando è riservato a {accepted}.");
        }

        if (c.WorkingParentsRequired && a.OtherParentEmployment is { } other && other != EmploymentKind.NotWorking && !Accepts(c, other))
        {
            return new(rule, EligibilityOutcome.NotEligible, $"Il bando è riservato a {accepted}: anche il lavoro dell'altro genitore deve essere di questo tipo.");
        }

        return new(rule, EligibilityOutcome.Eligible, $"Il tuo tipo di lavoro è fra quelli previsti dal bando ({accepted}).");
    }

    private static EligibilityResult ChildAge(EligibilityCriteria c, EligibilityAnswers a)
    {
        const string rule = "Età del figlio";
        var refDate = c.AgeReferenceDate.ToString("dd/MM/yyyy", It);
        if (a.ChildBirthDate is not { } birth)
        {
            return new(rule, EligibilityOutcome.ToVerify, $"Indica la data di nascita: conta l'età al {refDate}.");
        }

        var months = AgeInMonths(birth, c.AgeReferenceDate);
        if (c.ChildMinAgeMonths is { } min && months < min)
        {
            return new(rule, EligibilityOutcome.NotEligible, $"Al {refDate} il figlio deve avere almeno {Describe(min)}.");
        }

        if (c.ChildMaxAgeMonths is { } max && months > max)
        {
            return new(rule, EligibilityOutcome.NotEligible, $"Al {refDate} il figlio non deve superare {Describe(max)}.");
        }

        return new(rule, EligibilityOutcome.Eligible, $"L'età del figlio al {refDate} rientra nei limiti del bando.");
    }

    private static EligibilityResult Isee(decimal ceiling, EligibilityAnswers a)
    {
        const string rule = "ISEE";
        var limit = ceiling.ToString("N2", It) + " €";
        if (a.NoIsee == true)
        {
            return new(rule, EligibilityOutcome.NotEligible, $"Il bando richiede un ISEE in corso di validità non superiore a {limit}.");
        }

        if (a.IseeValue is not { } value)
        {
            return new(rule, EligibilityOutcome.ToVerify, $"Indica il valore ISEE: il limite è {limit}.");
        }

        return value <= ceiling
            ? new(rule, EligibilityOutcome.Eligible, $"Il tuo ISEE non supera il limite di {limit}.")
            : new(rule, EligibilityOutcome.NotEligible, $"Il tuo ISEE supera il limite di {limit}.");
    }

    private static EligibilityResult Benefits(EligibilityCriteria c, EligibilityAnswers a)
    {
        const string rule = "Altri contributi";
        var clashing = a.OtherBenefits.Intersect(c.IncompatibleBenefits, StringComparer.OrdinalIgnoreCase).ToList();
        return clashing.Count == 0
            ? new(rule, EligibilityOutcome.Eligible, "Non hai indicato contributi incompatibili.")
            : new(rule, EligibilityOutcome.ToVerify, "Hai indicato " + string.Join(", ", clashing) + ": non si può ricevere un doppio contributo per lo stesso figlio e lo stesso servizio; l'ufficio verificherà.");
    }

    private static string Describe(int months) =>
        months % 12 == 0
            ? string.Create(It, $"{months / 12} anni")
            : string.Create(It, $"{months} mesi");
}
