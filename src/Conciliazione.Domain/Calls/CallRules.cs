using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conciliazione.Domain.Calls;

/// <summary>Where the applicant must belong to the alliance.</summary>
public enum TerritorialRequirement
{
    /// <summary>Resident in one of the alliance's municipalities.</summary>
    Residence,

    /// <summary>Employed by a partner of the alliance.</summary>
    Employment,

    /// <summary>Either of the two.</summary>
    ResidenceOrEmployment,
}

public enum AmountKind
{
    /// <summary>A share of the documented spending, with caps and an optional minimum spend.</summary>
    ShareOfSpending,

    /// <summary>A flat amount once the documented spending reaches a threshold.</summary>
    FlatAboveThreshold,
}

public enum FundingMode
{
    /// <summary>"Click day": by protocol number until the funds run out.</summary>
    FirstComeFirstServed,

    /// <summary>Graduatoria: ISEE ascending, applicants without ISEE last, then the tie-break chain.</summary>
    Ranking,
}

/// <summary>What the funding walk does when the next application does not fit in what is left.</summary>
public enum ShortfallPolicy
{
    /// <summary>It stays on the reserve list and the walk goes on to the next application that fits.</summary>
    SkipToNextThatFits,

    /// <summary>It is granted what is left (a partial grant) and the walk stops.</summary>
    PartialGrant,
}

/// <summary>Tie-breaks between applications with the same ISEE, applied in the order the call sets.</summary>
public enum TieBreak
{
    SubmissionTime,
    OlderChild,
    MoreChildren,
    SingleParent,
    DisabilityInHousehold,
}

/// <summary>Who may apply: each call sets its own values (BRIEF "Eligibility").</summary>
public sealed record EligibilityRules
{
    public TerritorialRequirement Territory { get; init; } = TerritorialRequirement.ResidenceOrEmployment;

    /// <summary>Both parents work, or the single custodial parent does.</summary>
    public bool WorkingParentsRequired { get; init; } = true;

    public bool Employees { get; init; } = true;
    public bool SelfEmployed { get; init; } = true;
    public bool Freelancers { get; init; } = true;

    /// <summary>Minimum age of the child in months at <see cref="AgeReferenceDate"/> (seen: 0, 3, 36).</summary>
    public int? MinAgeMonths { get; init; }

    /// <summary>Maximum age of the child in completed years at <see cref="AgeReferenceDate"/> (seen: 11, 12, 14).</summary>
    public int? MaxAgeYears { get; init; }

    public DateOnly? AgeReferenceDate { get; init; }

    /// <summary>ISEE ceiling in euro; null when the call sets none.</summary>
    public decimal? IseeCeiling { get; init; }

    /// <summary>Benefits that may not fund the same child and service (Nidi Gratis, bonus nido, Misura B1/B2, ...): the applicant declares them.</summary>
    public IReadOnlyList<string> IncompatibleBenefits { get; init; } = [];
}

/// <summary>How much a voucher pays (BRIEF "Amounts").</summary>
public sealed record AmountRule
{
    public AmountKind Kind { get; init; } = AmountKind.ShareOfSpending;

    /// <summary>Percentage of the eligible spending (e.g. 20, 50).</summary>
    public decimal? RatePercent { get; init; }

    public decimal? CapPerApplication { get; init; }
    public decimal? CapPerChild { get; init; }

    /// <summary>Spending below this pays nothing.</summary>
    public decimal? MinimumSpend { get; init; }

    public decimal? FlatAmount { get; init; }

    /// <summary>For <see cref="AmountKind.FlatAboveThreshold"/>: the spending that earns the flat amount.</summary>
    public decimal? Threshold { get; init; }

    /// <summary>
    /// What the voucher pays on <paramref name="eligibleSpending"/> for <paramref name="children"/>
    /// children when <paramref name="alreadyPaid"/> has been paid already: min(rate x spending,
    /// cap - already paid), never negative, rounded to the cent.
    /// </summary>
    /// <remarks>
    /// The formula is the one the Lombardy alliance calls use (BRIEF "Amounts"): 20% up to 400 per
    /// application; 50% up to 200 or 350 per child; a flat 250 once spending reaches 400. With both
    /// caps the lower one applies. Rounding is half away from zero, as in the calls' tables.
    /// </remarks>
    public decimal Reimbursable(decimal eligibleSpending, int children, decimal alreadyPaid)
    {
        if (eligibleSpending <= 0)
        {
            return 0m;
        }

        decimal gross;
        if (Kind == AmountKind.FlatAboveThreshold)
        {
            gross = eligibleSpending >= (Threshold ?? 0m) ? FlatAmount ?? 0m : 0m;
        }
        else
        {
            if (MinimumSpend is { } minimum && eligibleSpending < minimum)
            {
                return 0m;
            }

            gross = decimal.Round(eligibleSpending * (RatePercent ?? 0m) / 100m, 2, MidpointRounding.AwayFromZero);
        }

        var cap = Cap(children);
        var room = cap is { } c ? Math.Max(0m, c - alreadyPaid) : decimal.MaxValue;
        return Math.Min(gross, room);
    }

    /// <summary>The highest total a single application can receive, or null when the rule sets no cap.</summary>
    public decimal? Cap(int children)
    {
        var perChild = CapPerChild is { } pc ? pc * Math.Max(1, children) : (decimal?)null;
        return (CapPerApplication, perChild) switch
        {
            ({ } a, { } b) => Math.Min(a, b),
            ({ } a, null) => a,
            (null, { } b) => b,
            _ => Kind == AmountKind.FlatAboveThreshold ? FlatAmount : null,
        };
    }

    /// <summary>The rule in plain Italian, for families.</summary>
    public string Describe()
    {
        if (Kind == AmountKind.FlatAboveThreshold)
        {
            return $"Un contributo fisso di {Money.Format(FlatAmount ?? 0m)} se la spesa documentata raggiunge {Money.Format(Threshold ?? 0m)}.";
        }

        var text = $"Il voucher rimborsa il {Percent(RatePercent ?? 0m)} della spesa documentata";
        var caps = new List<string>();
        if (CapPerApplication is { } a)
        {
            caps.Add($"{Money.Format(a)} per domanda");
        }

        if (CapPerChild is { } c)
        {
            caps.Add($"{Money.Format(c)} per figlio");
        }

        if (caps.Count > 0)
        {
            text += ", fino a un massimo di " + string.Join(" e di ", caps);
        }

        text += ".";
        if (MinimumSpend is { } m)
        {
            text += $" La spesa minima per ottenere il rimborso è di {Money.Format(m)}.";
        }

        return text;
    }

    internal IEnumerable<string> Problems()
    {
        if (Kind == AmountKind.FlatAboveThreshold)
        {
            if (FlatAmount is not > 0m)
            {
                yield return "Indicare l'importo fisso del contributo.";
            }

            if (Threshold is not > 0m)
            {
                yield return "Indicare la spesa minima che dà diritto al contributo fisso.";
            }

            yield break;
        }

        if (RatePercent is not (> 0m and <= 100m))
        {
            yield return "Indicare la percentuale della spesa rimborsata (tra 1 e 100).";
        }

        if (CapPerApplication is null && CapPerChild is null)
        {
            yield return "Indicare un tetto del rimborso per domanda o per figlio.";
        }
    }

    private static string Percent(decimal rate) => rate.ToString("0.##", CultureInfo.GetCultureInfo("it-IT")) + "%";
}

/// <summary>Who is funded and in which order.</summary>
public sealed record FundingRule
{
    public FundingMode Mode { get; init; } = FundingMode.Ranking;

    /// <summary>Ordered tie-breaks after ISEE (ranking only).</summary>
    public IReadOnlyList<TieBreak> TieBreaks { get; init; } = [];

    /// <summary>When the next application does not fit in what is left (both modes).</summary>
    public ShortfallPolicy WhenShort { get; init; } = ShortfallPolicy.SkipToNextThatFits;

    public static string Italian(ShortfallPolicy policy) => policy == ShortfallPolicy.PartialGrant
        ? "alla prima domanda che non rientra si concede quanto resta"
        : "la domanda che non rientra resta in lista d'attesa e si passa alla successiva che rientra";

    public static string Italian(TieBreak tieBreak) => tieBreak switch
    {
        TieBreak.SubmissionTime => "ordine di presentazione della domanda",
        TieBreak.OlderChild => "figlio più grande",
        TieBreak.MoreChildren => "maggior numero di figli",
        TieBreak.SingleParent => "nucleo monogenitoriale",
        _ => "presenza di una persona con disabilità nel nucleo",
    };

    public string Describe() => Mode == FundingMode.FirstComeFirstServed
        ? "Le domande sono finanziate in ordine di arrivo (numero di protocollo) fino a esaurimento dei fondi. Quando i fondi non bastano per intero: " + Italian(WhenShort) + "."
        : "Le domande ammesse sono finanziate secondo una graduatoria: prima l'ISEE più basso, poi chi non presenta l'ISEE"
          + (TieBreaks.Count > 0 ? "; a parità si guarda a: " + string.Join(", poi ", TieBreaks.Select(Italian)) : "")
          + ". La graduatoria è pubblicata per numero di protocollo, senza nomi."
          + " Quando i fondi non bastano per intero: " + Italian(WhenShort) + ".";

    internal IEnumerable<string> Problems()
    {
        if (TieBreaks.Distinct().Count() != TieBreaks.Count)
        {
            yield return "Ogni criterio di parità può comparire una sola volta.";
        }

        if (Mode == FundingMode.Ranking && TieBreaks.Count == 0)
        {
            yield return "Per una graduatoria indicare almeno un criterio di parità (per esempio l'ordine di presentazione).";
        }
    }
}

/// <summary>Who receives the reimbursement of a voucher.</summary>
public enum PayeeKind
{
    /// <summary>The applicant, on the IBAN they declare (holder: the applicant).</summary>
    Family,

    /// <summary>The provider directly, on the IBAN in its registry record.</summary>
    Provider,
}

/// <summary>How vouchers of a call are spent and paid (issue 14).</summary>
public sealed record PaymentRule
{
    public PayeeKind Payee { get; init; } = PayeeKind.Family;

    /// <summary>Whether a receipt paid in cash counts (most calls want traceable payments only).</summary>
    public bool CashAllowed { get; init; }

    /// <summary>Days after the end of the service period during which receipts are still accepted; afterwards the voucher expires.</summary>
    public int ReceiptDeadlineDays { get; init; } = 60;

    public string Describe() => (Payee == PayeeKind.Family
            ? "Il rimborso è versato alla famiglia, sull'IBAN intestato al richiedente."
            : "Il rimborso è versato direttamente all'ente che eroga il servizio.")
        + (CashAllowed ? " Sono ammessi anche i pagamenti in contanti." : " Sono ammessi solo pagamenti tracciabili (bonifico, carta, bancomat): i pagamenti in contanti non sono rimborsati.")
        + $" I giustificativi si caricano entro {ReceiptDeadlineDays} giorni dalla fine del periodo del servizio.";
}

/// <summary>A document the applicant uploads, mandatory or optional.</summary>
public sealed record RequiredDocument(string Name, bool Mandatory);

/// <summary>
/// The rules and texts of a call that an application is judged by: eligible services,
/// eligibility, amount, funding, required documents and the self-declarations. Stored whole, as
/// JSON, in a <see cref="CallVersion"/>; once an application is submitted they never change in
/// place (see <see cref="Call.Amend"/>).
/// </summary>
public sealed record CallRules
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Shown above the self-declarations of every call: the law they are made under and what a
    /// false declaration costs.
    /// </summary>
    public const string SelfDeclarationPreamble =
        "Dichiarazioni sostitutive di certificazione e di atto di notorietà (artt. 46 e 47 del DPR 445/2000). "
        + "Chi dichiara il falso risponde penalmente (art. 76) e perde il beneficio ottenuto (art. 75); "
        + "l'ente capofila effettua controlli anche a campione (art. 71).";

    public IReadOnlyList<ServiceType> ServiceTypes { get; init; } = [];
    public EligibilityRules Eligibility { get; init; } = new();
    public AmountRule Amount { get; init; } = new();
    public FundingRule Funding { get; init; } = new();

    /// <summary>Who is paid and which payments count (a version made before this existed gets the defaults).</summary>
    public PaymentRule Payment { get; init; } = new();

    public IReadOnlyList<RequiredDocument> Documents { get; init; } = [];

    /// <summary>The texts the applicant declares, one statement each ("di essere residente ...").</summary>
    public IReadOnlyList<string> SelfDeclarations { get; init; } = [];

    /// <summary>What the reviewer checks and ticks for each application, one item each (a version made before this existed gets the defaults).</summary>
    public IReadOnlyList<string> ReviewChecklist { get; init; } = DefaultChecklist;

    /// <summary>The reasons a reviewer picks from for a decision (the family reads them in the letter).</summary>
    public IReadOnlyList<string> DecisionReasons { get; init; } = DefaultDecisionReasons;

    public static readonly IReadOnlyList<string> DefaultChecklist =
    [
        "Documento d'identità del richiedente leggibile e in corso di validità",
        "Attestazione ISEE coerente con quanto dichiarato",
        "Iscrizione o contratto con il servizio scelto",
        "Situazione lavorativa documentata come dichiarato",
        "Dichiarazioni sostitutive complete",
    ];

    public static readonly IReadOnlyList<string> DefaultDecisionReasons =
    [
        "Requisito territoriale non soddisfatto (residenza o lavoro)",
        "ISEE superiore alla soglia del bando",
        "Età del figlio fuori dai limiti del bando",
        "Situazione lavorativa dei genitori non conforme al bando",
        "Documentazione incompleta o non integrata entro la scadenza",
        "Contributo incompatibile già percepito per lo stesso servizio",
    ];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CallRules FromJson(string json) => JsonSerializer.Deserialize<CallRules>(json, Json)
        ?? throw new InvalidOperationException("Empty call rules.");

    /// <summary>Same content, whatever the instances: compares the stored form.</summary>
    public bool SameAs(CallRules other) => string.Equals(ToJson(), other.ToJson(), StringComparison.Ordinal);

    /// <summary>Rules that are wrong whatever the state of the call (contradictions, out-of-range values).</summary>
    public IReadOnlyList<string> Errors(string actionCode)
    {
        var errors = new List<string>();
        var allowed = Calls.ServiceTypes.ForAction(actionCode);
        var foreign = ServiceTypes.Where(t => !allowed.Contains(t)).ToList();
        if (foreign.Count > 0)
        {
            errors.Add($"Questi servizi non appartengono all'azione {actionCode}: {string.Join(", ", foreign.Select(Calls.ServiceTypes.Italian))}.");
        }

        var e = Eligibility;
        if (e is { MinAgeMonths: { } min, MaxAgeYears: { } max } && min > max * 12 + 11)
        {
            errors.Add("L'età minima supera l'età massima.");
        }

        if (e.MinAgeMonths < 0 || e.MaxAgeYears < 0 || e.MaxAgeYears > 120)
        {
            errors.Add("I limiti di età devono essere numeri non negativi.");
        }

        if (e.WorkingParentsRequired && !(e.Employees || e.SelfEmployed || e.Freelancers))
        {
            errors.Add("Indicare quali lavoratori sono ammessi (dipendenti, autonomi, liberi professionisti).");
        }

        foreach (var (amount, label) in new[] { (e.IseeCeiling, "Soglia ISEE"), (Amount.CapPerApplication, "Tetto per domanda"), (Amount.CapPerChild, "Tetto per figlio"), (Amount.MinimumSpend, "Spesa minima"), (Amount.FlatAmount, "Importo fisso"), (Amount.Threshold, "Soglia di spesa") })
        {
            if (amount is { } a && Money.Check(a) is { } problem)
            {
                errors.Add($"{label}: {problem}");
            }
        }

        errors.AddRange(Funding.Problems().Where(p => p.StartsWith("Ogni", StringComparison.Ordinal)));
        if (ReviewChecklist.Any(string.IsNullOrWhiteSpace) || DecisionReasons.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Le voci della lista di controllo e i motivi delle decisioni non possono essere vuoti.");
        }

        if (Payment.ReceiptDeadlineDays is < 0 or > 730)
        {
            errors.Add("Il termine per caricare i giustificativi deve essere tra 0 e 730 giorni dalla fine del servizio.");
        }

        if (Documents.Any(d => string.IsNullOrWhiteSpace(d.Name)) || SelfDeclarations.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Documenti e dichiarazioni non possono essere vuoti.");
        }

        if (Documents.Select(d => d.Name.Trim().ToUpperInvariant()).Distinct().Count() != Documents.Count)
        {
            errors.Add("Lo stesso documento è elencato due volte.");
        }

        return errors;
    }

    /// <summary>What is still missing before a call with these rules can be published.</summary>
    public IReadOnlyList<string> Missing(string actionCode)
    {
        var missing = new List<string>();
        if (ServiceTypes.Count == 0)
        {
            missing.Add("Scegliere almeno un servizio finanziabile.");
        }

        if (actionCode == "B" && (Eligibility.MaxAgeYears is null || Eligibility.AgeReferenceDate is null))
        {
            missing.Add("Indicare l'età massima dei figli e la data a cui si calcola.");
        }

        missing.AddRange(Amount.Problems());
        missing.AddRange(Funding.Problems().Where(p => !p.StartsWith("Ogni", StringComparison.Ordinal)));
        if (!Documents.Any(d => d.Mandatory))
        {
            missing.Add("Indicare almeno un documento obbligatorio da allegare alla domanda.");
        }

        if (SelfDeclarations.Count == 0)
        {
            missing.Add("Inserire i testi delle dichiarazioni sostitutive (DPR 445/2000).");
        }

        return missing;
    }

    /// <summary>
    /// Every field that differs from <paramref name="before"/> to <paramref name="after"/>, as
    /// "label: old -> new" in Italian, in the order of the rules form. Empty when nothing changed.
    /// </summary>
    /// <remarks>
    /// Staff, families and auditors read this list in "Storia delle regole" instead of comparing two
    /// versions by eye; every field is listed, not only the amounts, because a changed territorial
    /// requirement or a removed document matters as much as a new ceiling.
    /// </remarks>
    public static IReadOnlyList<string> Differences(CallRules before, CallRules after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        void Add(string label, string old, string now)
        {
            if (!string.Equals(old, now, StringComparison.Ordinal))
            {
                changes.Add($"{label}: {old} -> {now}");
            }
        }

        string List(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : "nessuno";
        string Amount(decimal? amount) => amount is { } a ? Money.Format(a) : "nessuno";
        string Number(int? n) => n is { } v ? v.ToString(CultureInfo.InvariantCulture) : "nessuna";
        string YesNo(bool b) => b ? "sì" : "no";
        var it = CultureInfo.GetCultureInfo("it-IT");
        var (e0, e1) = (before.Eligibility, after.Eligibility);
        var (a0, a1) = (before.Amount, after.Amount);

        Add("Servizi finanziabili", List(before.ServiceTypes.Select(Calls.ServiceTypes.Italian)), List(after.ServiceTypes.Select(Calls.ServiceTypes.Italian)));
        Add("Requisito territoriale", Territory(e0.Territory), Territory(e1.Territory));
        Add("Genitori che lavorano", YesNo(e0.WorkingParentsRequired), YesNo(e1.WorkingParentsRequired));
        Add("Ammessi i lavoratori dipendenti", YesNo(e0.Employees), YesNo(e1.Employees));
        Add("Ammessi i lavoratori autonomi", YesNo(e0.SelfEmployed), YesNo(e1.SelfEmployed));
        Add("Ammessi i liberi professionisti", YesNo(e0.Freelancers), YesNo(e1.Freelancers));
        Add("Età minima del figlio (mesi)", Number(e0.MinAgeMonths), Number(e1.MinAgeMonths));
        Add("Età massima del figlio (anni)", Number(e0.MaxAgeYears), Number(e1.MaxAgeYears));
        Add("Data di riferimento per l'età", e0.AgeReferenceDate?.ToString("dd/MM/yyyy", it) ?? "nessuna", e1.AgeReferenceDate?.ToString("dd/MM/yyyy", it) ?? "nessuna");
        Add("Soglia ISEE", Amount(e0.IseeCeiling), Amount(e1.IseeCeiling));
        Add("Contributi incompatibili", List(e0.IncompatibleBenefits), List(e1.IncompatibleBenefits));
        Add("Tipo di contributo", Kind(a0.Kind), Kind(a1.Kind));
        Add("Percentuale rimborsata", a0.RatePercent is { } r0 ? r0.ToString("0.##", it) + "%" : "nessuna", a1.RatePercent is { } r1 ? r1.ToString("0.##", it) + "%" : "nessuna");
        Add("Spesa minima", Amount(a0.MinimumSpend), Amount(a1.MinimumSpend));
        Add("Tetto per domanda", Amount(a0.CapPerApplication), Amount(a1.CapPerApplication));
        Add("Tetto per figlio", Amount(a0.CapPerChild), Amount(a1.CapPerChild));
        Add("Contributo fisso", Amount(a0.FlatAmount), Amount(a1.FlatAmount));
        Add("Spesa che dà diritto al contributo fisso", Amount(a0.Threshold), Amount(a1.Threshold));
        Add("Modalità di finanziamento", Mode(before.Funding.Mode), Mode(after.Funding.Mode));
        Add("Fondi insufficienti per intero", FundingRule.Italian(before.Funding.WhenShort), FundingRule.Italian(after.Funding.WhenShort));
        Add("Criteri di parità", List(before.Funding.TieBreaks.Select(FundingRule.Italian)), List(after.Funding.TieBreaks.Select(FundingRule.Italian)));
        Add("Chi riceve il rimborso", Payee(before.Payment.Payee), Payee(after.Payment.Payee));
        Add("Pagamenti in contanti", before.Payment.CashAllowed ? "ammessi" : "non ammessi", after.Payment.CashAllowed ? "ammessi" : "non ammessi");
        Add("Termine per i giustificativi", $"{before.Payment.ReceiptDeadlineDays} giorni", $"{after.Payment.ReceiptDeadlineDays} giorni");
        Add("Documenti obbligatori", List(before.Documents.Where(d => d.Mandatory).Select(d => d.Name)), List(after.Documents.Where(d => d.Mandatory).Select(d => d.Name)));
        Add("Documenti facoltativi", List(before.Documents.Where(d => !d.Mandatory).Select(d => d.Name)), List(after.Documents.Where(d => !d.Mandatory).Select(d => d.Name)));
        Add("Dichiarazioni sostitutive", List(before.SelfDeclarations), List(after.SelfDeclarations));
        Add("Lista di controllo dell'istruttoria", List(before.ReviewChecklist), List(after.ReviewChecklist));
        Add("Motivi delle decisioni", List(before.DecisionReasons), List(after.DecisionReasons));
        return changes;
    }

    private static string Payee(PayeeKind p) => p == PayeeKind.Family ? "la famiglia" : "l'ente erogatore";

    private static string Territory(TerritorialRequirement t) => t switch
    {
        TerritorialRequirement.Residence => "residenza",
        TerritorialRequirement.Employment => "lavoro presso un ente partner",
        _ => "residenza o lavoro presso un ente partner",
    };

    private static string Kind(AmountKind k) => k == AmountKind.FlatAboveThreshold ? "contributo fisso sopra una soglia di spesa" : "percentuale della spesa";

    private static string Mode(FundingMode m) => m == FundingMode.FirstComeFirstServed ? "in ordine di arrivo" : "graduatoria";

    /// <summary>Who may apply, in plain Italian, one sentence each.</summary>
    public IReadOnlyList<string> DescribeEligibility()
    {
        var e = Eligibility;
        var lines = new List<string>
        {
            e.Territory switch
            {
                TerritorialRequirement.Residence => "Risiedere in uno dei comuni dell'alleanza.",
                TerritorialRequirement.Employment => "Lavorare presso uno degli enti partner dell'alleanza.",
                _ => "Risiedere in uno dei comuni dell'alleanza oppure lavorare presso uno degli enti partner.",
            },
        };
        if (e.WorkingParentsRequired)
        {
            var kinds = new List<string>();
            if (e.Employees)
            {
                kinds.Add("dipendenti");
            }

            if (e.SelfEmployed)
            {
                kinds.Add("lavoratori autonomi");
            }

            if (e.Freelancers)
            {
                kinds.Add("liberi professionisti");
            }

            lines.Add($"Entrambi i genitori lavorano, oppure lavora il genitore unico affidatario ({string.Join(", ", kinds)}).");
        }

        if (e.MaxAgeYears is { } max)
        {
            var min = e.MinAgeMonths is > 0 ? FormatMonths(e.MinAgeMonths.Value) : "0 anni";
            var at = e.AgeReferenceDate is { } d ? " alla data del " + d.ToString("dd/MM/yyyy", CultureInfo.GetCultureInfo("it-IT")) : "";
            lines.Add($"Il figlio ha un'età compresa tra {min} e {max.ToString(CultureInfo.InvariantCulture)} anni{at} e vive nel nucleo familiare.");
        }

        if (e.IseeCeiling is { } isee)
        {
            lines.Add($"ISEE non superiore a {Money.Format(isee)}.");
        }

        if (e.IncompatibleBenefits.Count > 0)
        {
            lines.Add($"Per lo stesso figlio e lo stesso servizio non si ricevono altri contributi: {string.Join(", ", e.IncompatibleBenefits)} (va dichiarato nella domanda).");
        }

        return lines;
    }

    private static string FormatMonths(int months) => months % 12 == 0
        ? (months / 12).ToString(CultureInfo.InvariantCulture) + " anni"
        : months.ToString(CultureInfo.InvariantCulture) + " mesi";
}
