using Conciliazione.Domain;
using Conciliazione.Domain.Calls;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>The versioned rules of a call as a form, shared by the Rules and Amend pages.</summary>
public sealed class RulesForm
{
    public const int TieBreakSlots = 5;

    public static readonly IReadOnlyList<string> StandardBenefits = ["Nidi Gratis", "Bonus nido INPS", "Misura B1", "Misura B2"];

    /// <summary>Decides which services are offered; set by the page, never bound.</summary>
    [BindNever]
    public string ActionCode { get; set; } = "";

    public List<ServiceType> ServiceTypes { get; set; } = [];
    public TerritorialRequirement Territory { get; set; } = TerritorialRequirement.ResidenceOrEmployment;
    public bool WorkingParentsRequired { get; set; }
    public bool Employees { get; set; }
    public bool SelfEmployed { get; set; }
    public bool Freelancers { get; set; }
    public int? MinAgeMonths { get; set; }
    public int? MaxAgeYears { get; set; }
    public DateOnly? AgeReferenceDate { get; set; }
    public string? IseeCeiling { get; set; }
    public List<string> IncompatibleBenefits { get; set; } = [];
    public string? OtherIncompatibleBenefits { get; set; }
    public AmountKind AmountKind { get; set; }
    public string? RatePercent { get; set; }
    public string? CapPerApplication { get; set; }
    public string? CapPerChild { get; set; }
    public string? MinimumSpend { get; set; }
    public string? FlatAmount { get; set; }
    public string? Threshold { get; set; }
    public FundingMode FundingMode { get; set; } = FundingMode.Ranking;
    public List<TieBreak?> TieBreaks { get; set; } = [];

    /// <summary>What the funding walk does with the first application that does not fit in what is left (both modes).</summary>
    public ShortfallPolicy WhenShort { get; set; } = ShortfallPolicy.SkipToNextThatFits;
    /// <summary>Who receives the reimbursement: the family (on the applicant's IBAN) or the provider.</summary>
    public PayeeKind Payee { get; set; } = PayeeKind.Family;

    /// <summary>Whether receipts paid in cash count.</summary>
    public bool CashAllowed { get; set; }

    /// <summary>Days after the service period during which receipts are accepted.</summary>
    public int? ReceiptDeadlineDays { get; set; } = 60;

    public string? MandatoryDocuments { get; set; }
    public string? OptionalDocuments { get; set; }
    public string? SelfDeclarations { get; set; }

    /// <summary>What the reviewer checks for each application, one item per line.</summary>
    public string? ReviewChecklist { get; set; }

    /// <summary>The reasons a reviewer picks for a decision, one per line (the family reads them in the letter).</summary>
    public string? DecisionReasons { get; set; }

    /// <summary>Longest item of the review checklist or of the decision reasons.</summary>
    public const int MaxItemLength = 300;

    /// <summary>The call row's <c>xmin</c> when the form was read: a concurrent change (or the first submission freezing the rules) makes the save fail.</summary>
    public uint Version { get; set; }

    /// <summary>Gives the tie-break chain its fixed number of slots, for the form.</summary>
    public void Pad()
    {
        while (TieBreaks.Count < TieBreakSlots)
        {
            TieBreaks.Add(null);
        }
    }

    public IReadOnlyList<ServiceType> OfferedServiceTypes => Domain.Calls.ServiceTypes.ForAction(ActionCode);

    public static IReadOnlyList<SelectListItem> TerritoryOptions { get; } =
    [
        new("Residenza in un comune dell'alleanza oppure lavoro presso un ente partner", nameof(TerritorialRequirement.ResidenceOrEmployment)),
        new("Solo residenza in un comune dell'alleanza", nameof(TerritorialRequirement.Residence)),
        new("Solo lavoro presso un ente partner", nameof(TerritorialRequirement.Employment)),
    ];

    public static IReadOnlyList<SelectListItem> AmountKindOptions { get; } =
    [
        new("Percentuale della spesa documentata, con tetti", nameof(AmountKind.ShareOfSpending)),
        new("Contributo fisso sopra una soglia di spesa", nameof(AmountKind.FlatAboveThreshold)),
    ];

    public static IReadOnlyList<SelectListItem> FundingModeOptions { get; } =
    [
        new("Graduatoria (ISEE crescente, poi criteri di parità)", nameof(FundingMode.Ranking)),
        new("In ordine di arrivo fino a esaurimento fondi", nameof(FundingMode.FirstComeFirstServed)),
    ];

    public static IReadOnlyList<SelectListItem> WhenShortOptions { get; } =
    [
        new("La domanda che non rientra resta in lista d'attesa e si passa alla successiva che rientra", nameof(ShortfallPolicy.SkipToNextThatFits)),
        new("Alla prima domanda che non rientra si concede quanto resta (contributo parziale)", nameof(ShortfallPolicy.PartialGrant)),
    ];

    public static IReadOnlyList<SelectListItem> PayeeOptions { get; } =
    [
        new("La famiglia, sull'IBAN intestato al richiedente", nameof(PayeeKind.Family)),
        new("L'ente erogatore, sull'IBAN della sua scheda", nameof(PayeeKind.Provider)),
    ];

    public static IReadOnlyList<SelectListItem> TieBreakOptions { get; } =
        [new("Nessuno", ""), .. Enum.GetValues<TieBreak>().Select(t => new SelectListItem(FundingRule.Italian(t), t.ToString()))];

    public static RulesForm From(CallRules rules, string actionCode, uint version)
    {
        var e = rules.Eligibility;
        var a = rules.Amount;
        return new RulesForm
        {
            ActionCode = actionCode,
            ServiceTypes = rules.ServiceTypes.ToList(),
            Territory = e.Territory,
            WorkingParentsRequired = e.WorkingParentsRequired,
            Employees = e.Employees,
            SelfEmployed = e.SelfEmployed,
            Freelancers = e.Freelancers,
            MinAgeMonths = e.MinAgeMonths,
            MaxAgeYears = e.MaxAgeYears,
            AgeReferenceDate = e.AgeReferenceDate,
            IseeCeiling = MoneyText(e.IseeCeiling),
            IncompatibleBenefits = e.IncompatibleBenefits.Where(StandardBenefits.Contains).ToList(),
            OtherIncompatibleBenefits = Lines(e.IncompatibleBenefits.Where(b => !StandardBenefits.Contains(b))),
            AmountKind = a.Kind,
            RatePercent = MoneyText(a.RatePercent)?.Replace(",00", "", StringComparison.Ordinal),
            CapPerApplication = MoneyText(a.CapPerApplication),
            CapPerChild = MoneyText(a.CapPerChild),
            MinimumSpend = MoneyText(a.MinimumSpend),
            FlatAmount = MoneyText(a.FlatAmount),
            Threshold = MoneyText(a.Threshold),
            FundingMode = rules.Funding.Mode,
            TieBreaks = [.. rules.Funding.TieBreaks.Select(t => (TieBreak?)t)],
            WhenShort = rules.Funding.WhenShort,
            Payee = rules.Payment.Payee,
            CashAllowed = rules.Payment.CashAllowed,
            ReceiptDeadlineDays = rules.Payment.ReceiptDeadlineDays,
            MandatoryDocuments = Lines(rules.Documents.Where(d => d.Mandatory).Select(d => d.Name)),
            OptionalDocuments = Lines(rules.Documents.Where(d => !d.Mandatory).Select(d => d.Name)),
            SelfDeclarations = Lines(rules.SelfDeclarations),
            ReviewChecklist = Lines(rules.ReviewChecklist),
            DecisionReasons = Lines(rules.DecisionReasons),
            Version = version,
        };
    }

    /// <summary>The rules the form describes; call only after the validator passed.</summary>
    public CallRules ToRules() => new()
    {
        ServiceTypes = ServiceTypes.Distinct().Order().ToList(),
        Eligibility = new EligibilityRules
        {
            Territory = Territory,
            WorkingParentsRequired = WorkingParentsRequired,
            Employees = Employees,
            SelfEmployed = SelfEmployed,
            Freelancers = Freelancers,
            MinAgeMonths = MinAgeMonths,
            MaxAgeYears = MaxAgeYears,
            AgeReferenceDate = AgeReferenceDate,
            IseeCeiling = Amount(IseeCeiling),
            IncompatibleBenefits = [.. StandardBenefits.Where(IncompatibleBenefits.Contains), .. SplitLines(OtherIncompatibleBenefits)],
        },
        Amount = new AmountRule
        {
            Kind = AmountKind,
            RatePercent = AmountKind == AmountKind.ShareOfSpending ? Amount(RatePercent) : null,
            CapPerApplication = AmountKind == AmountKind.ShareOfSpending ? Amount(CapPerApplication) : null,
            CapPerChild = AmountKind == AmountKind.ShareOfSpending ? Amount(CapPerChild) : null,
            MinimumSpend = AmountKind == AmountKind.ShareOfSpending ? Amount(MinimumSpend) : null,
            FlatAmount = AmountKind == AmountKind.FlatAboveThreshold ? Amount(FlatAmount) : null,
            Threshold = AmountKind == AmountKind.FlatAboveThreshold ? Amount(Threshold) : null,
        },
        Funding = new FundingRule
        {
            Mode = FundingMode,
            TieBreaks = FundingMode == FundingMode.Ranking ? TieBreaks.OfType<TieBreak>().ToList() : [],
            WhenShort = WhenShort,
        },
        Payment = new PaymentRule
        {
            Payee = Payee,
            CashAllowed = CashAllowed,
            ReceiptDeadlineDays = ReceiptDeadlineDays ?? 60,
        },
        Documents =
        [
            .. SplitLines(MandatoryDocuments).Select(n => new RequiredDocument(n, true)),
            .. SplitLines(OptionalDocuments).Select(n => new RequiredDocument(n, false)),
        ],
        SelfDeclarations = SplitLines(SelfDeclarations),
        ReviewChecklist = SplitLines(ReviewChecklist),
        DecisionReasons = SplitLines(DecisionReasons),
    };

    private static decimal? Amount(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : Money.TryParse(text, out var v, out _) ? v : null;

    private static string? MoneyText(decimal? amount) => amount is { } a ? Money.ToInput(a) : null;

    private static string? Lines(IEnumerable<string> lines)
    {
        var text = string.Join("\n", lines);
        return text.Length == 0 ? null : text;
    }

    private static List<string> SplitLines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    public sealed class Validator : AbstractValidator<RulesForm>
    {
        public Validator()
        {
            foreach (var (field, name) in new (System.Linq.Expressions.Expression<Func<RulesForm, string?>>, string)[]
            {
                (x => x.IseeCeiling, "Soglia ISEE"), (x => x.RatePercent, "Percentuale"), (x => x.CapPerApplication, "Tetto per domanda"),
                (x => x.CapPerChild, "Tetto per figlio"), (x => x.MinimumSpend, "Spesa minima"), (x => x.FlatAmount, "Importo fisso"), (x => x.Threshold, "Soglia di spesa"),
            })
            {
                RuleFor(field).Custom((text, ctx) =>
                {
                    if (!string.IsNullOrWhiteSpace(text) && !Money.TryParse(text, out _, out var error))
                    {
                        ctx.AddFailure($"{name}: {error}");
                    }
                });
            }

            RuleFor(x => x.RatePercent).Must(t => Money.TryParse(t, out var v, out _) && v is > 0 and <= 100)
                .When(x => x.AmountKind == AmountKind.ShareOfSpending && !string.IsNullOrWhiteSpace(x.RatePercent))
                .WithMessage("La percentuale è un numero tra 1 e 100.");
            RuleFor(x => x.MinAgeMonths).GreaterThanOrEqualTo(0).WithMessage("L'età minima non può essere negativa.");
            RuleFor(x => x.MaxAgeYears).InclusiveBetween(0, 120).WithMessage("L'età massima è un numero di anni tra 0 e 120.");
            RuleFor(x => x.ServiceTypes).Must((x, types) => types.All(x.OfferedServiceTypes.Contains))
                .WithMessage("Scegliere solo servizi dell'azione del bando.");
            RuleFor(x => x.Payee).IsInEnum().WithMessage("Scegliere chi riceve il rimborso: la famiglia o l'ente erogatore.");
            RuleFor(x => x.ReceiptDeadlineDays).NotNull().WithMessage("Indicare entro quanti giorni dalla fine del servizio si caricano i giustificativi.")
                .InclusiveBetween(0, 730).WithMessage("Il termine per caricare i giustificativi deve essere tra 0 e 730 giorni dalla fine del servizio.");
            RuleFor(x => x.WhenShort).IsInEnum().WithMessage("Scegliere cosa succede quando i fondi non bastano per intero.");
            RuleFor(x => x.TieBreaks).Must(t => t.OfType<TieBreak>().Distinct().Count() == t.OfType<TieBreak>().Count())
                .WithMessage("Ogni criterio di parità può comparire una sola volta.");
            RuleFor(x => x.MandatoryDocuments).MaximumLength(4000).WithMessage("Al massimo 4000 caratteri.");
            RuleFor(x => x.OptionalDocuments).MaximumLength(4000).WithMessage("Al massimo 4000 caratteri.");
            RuleFor(x => x.SelfDeclarations).MaximumLength(8000).WithMessage("Al massimo 8000 caratteri.");
            RuleFor(x => x.OtherIncompatibleBenefits).MaximumLength(1000).WithMessage("Al massimo 1000 caratteri.");
            foreach (var (field, what) in new (System.Linq.Expressions.Expression<Func<RulesForm, string?>>, string)[]
            {
                (x => x.ReviewChecklist, "della lista di controllo"), (x => x.DecisionReasons, "dei motivi delle decisioni"),
            })
            {
                RuleFor(field).MaximumLength(8000).WithMessage("Al massimo 8000 caratteri.");
                RuleFor(field).Must(t => SplitLines(t).All(l => l.Length <= MaxItemLength))
                    .WithMessage($"Ogni voce {what} può avere al massimo {MaxItemLength} caratteri: dividere le voci più lunghe su più righe.");
                RuleFor(field).Must(t => SplitLines(t).Count <= 50)
                    .WithMessage($"Al massimo 50 voci {what}.");
                RuleFor(field).Must(t => SplitLines(t).Select(l => l.ToUpperInvariant()).Distinct().Count() == SplitLines(t).Count)
                    .WithMessage($"La stessa voce {what} compare due volte.");
            }
        }
    }
}
