using System.Globalization;
using System.Text.RegularExpressions;

namespace Conciliazione.Domain.Projects;

public enum ProjectStatus
{
    /// <summary>Running: staff may change texts, budget and period.</summary>
    Active,

    /// <summary>Finished and reported: read-only.</summary>
    Closed,
}

/// <summary>
/// A project of an alliance for one programme period (e.g. the 2017-2018 Piano territoriale di
/// conciliazione): its actions, budget plan, funding and the history of its extensions. The
/// aggregate root: every change goes through a named method here, which refuses it once the
/// project is closed.
/// </summary>
public partial class Project
{
    public const string ClosedMessage = "Il progetto è chiuso: non è più possibile modificarlo.";

    private Project()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public string Title { get; private set; } = "";

    /// <summary>The programme that funds it, e.g. "Piano territoriale di conciliazione 2017-2018".</summary>
    public string Programme { get; private set; } = "";

    /// <summary>Finalità: what the project sets out to do, in the plan's words.</summary>
    public string? Aims { get; private set; }

    /// <summary>For a closed project: what it achieved.</summary>
    public string? Outcome { get; private set; }

    public DateOnly StartDate { get; private set; }
    public DateOnly EndDate { get; private set; }
    public ProjectStatus Status { get; private set; }
    public DateOnly? ClosedOn { get; private set; }

    /// <summary>Contributo regionale richiesto/assegnato.</summary>
    public decimal RegionalContribution { get; private set; }

    /// <summary>Costo complessivo di progetto as the plan declares it.</summary>
    public decimal DeclaredTotalCost { get; private set; }

    /// <summary>Cofinanziamento dell'alleanza as declared.</summary>
    public decimal DeclaredCofinancing { get; private set; }

    /// <summary>Cofinanziamento monetario as declared.</summary>
    public decimal DeclaredCashCofinancing { get; private set; }

    /// <summary>Cofinanziamento valorizzazioni as declared.</summary>
    public decimal DeclaredInKindCofinancing { get; private set; }

    public DateTimeOffset? BudgetApprovedAt { get; private set; }
    public Guid? BudgetApprovedBy { get; private set; }

    /// <summary>
    /// Bumped by every change, so that a change to a child row (a budget line, an extension) also
    /// updates the project row and its <see cref="Version"/> check catches a concurrent editor.
    /// </summary>
    public int Revision { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c> concurrency token.</summary>
    public uint Version { get; private set; }

    public List<ProjectAction> Actions { get; } = [];
    public List<BudgetLine> BudgetLines { get; } = [];
    public List<PartnerCofinancing> Cofinancings { get; } = [];
    public List<ProjectExtension> Extensions { get; } = [];

    public bool IsClosed => Status == ProjectStatus.Closed;
    public bool IsBudgetApproved => BudgetApprovedAt is not null;

    /// <summary>The end date first planned: the first proroga keeps it, later ones do not touch it.</summary>
    public DateOnly OriginalEndDate => Extensions.OrderBy(e => e.RecordedAt).Select(e => (DateOnly?)e.PreviousEndDate).FirstOrDefault() ?? EndDate;

    public decimal BudgetLinesTotal => BudgetLines.Sum(l => l.Amount);
    public decimal PartnersCash => Cofinancings.Sum(c => c.Cash);
    public decimal PartnersInKind => Cofinancings.Sum(c => c.InKind);

    public static Project Create(Guid id, Guid allianceId, string title, string programme, DateOnly start, DateOnly end)
    {
        var project = new Project { Id = id, AllianceId = allianceId, Status = ProjectStatus.Active };
        project.Revise(title, programme, null, start, end);
        return project;
    }

    public void EnsureEditable()
    {
        if (IsClosed)
        {
            throw new DomainException(ClosedMessage);
        }
    }

    public void Revise(string title, string programme, string? aims, DateOnly start, DateOnly end)
    {
        EnsureEditable();
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new DomainException("Inserire il titolo del progetto.");
        }

        if (string.IsNullOrWhiteSpace(programme))
        {
            throw new DomainException("Inserire il programma che finanzia il progetto.");
        }

        if (end < start)
        {
            throw new DomainException("La data di fine non può precedere la data di inizio.");
        }

        Title = title.Trim();
        Programme = programme.Trim();
        Aims = string.IsNullOrWhiteSpace(aims) ? null : aims.Trim();
        StartDate = start;
        EndDate = end;
        Touch();
    }

    /// <summary>
    /// Records a proroga: the end moves later and the previous end date is kept in the history.
    /// </summary>
    public ProjectExtension Extend(DateOnly newEnd, string reason, DateTimeOffset at, Guid? by)
    {
        EnsureEditable();
        if (newEnd <= EndDate)
        {
            throw new DomainException($"La nuova data di fine deve essere successiva a quella attuale ({EndDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}).");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Indicare il motivo o l'atto della proroga.");
        }

        var extension = new ProjectExtension
        {
            Id = Guid.NewGuid(),
            ProjectId = Id,
            PreviousEndDate = EndDate,
            NewEndDate = newEnd,
            Reason = reason.Trim(),
            RecordedAt = at.ToUniversalTime(),
            RecordedBy = by,
        };
        Extensions.Add(extension);
        EndDate = newEnd;
        Touch();
        return extension;
    }

    public void Close(DateOnly on, string? outcome)
    {
        EnsureEditable();
        if (on < StartDate)
        {
            throw new DomainException("La data di chiusura non può precedere l'inizio del progetto.");
        }

        Status = ProjectStatus.Closed;
        ClosedOn = on;
        Outcome = string.IsNullOrWhiteSpace(outcome) ? Outcome : outcome.Trim();
        Touch();
    }

    /// <summary>Sets the declared funding: total cost, regional contribution and co-financing split.</summary>
    public void SetFunding(decimal totalCost, decimal regionalContribution, decimal cofinancing, decimal cash, decimal inKind)
    {
        EnsureEditable();
        DeclaredTotalCost = Money.Ensure(totalCost, "Costo complessivo");
        RegionalContribution = Money.Ensure(regionalContribution, "Contributo regionale");
        DeclaredCofinancing = Money.Ensure(cofinancing, "Cofinanziamento");
        DeclaredCashCofinancing = Money.Ensure(cash, "Cofinanziamento monetario");
        DeclaredInKindCofinancing = Money.Ensure(inKind, "Cofinanziamento valorizzazioni");
        BudgetChanged();
    }

    /// <summary>
    /// Sets what a cost category is planned to cost; refused when the new amount would leave
    /// uncovered what the calls already hold (category D) or what was already moved out of it.
    /// </summary>
    /// <remarks>
    /// <paramref name="commitments"/> must be read under the project-row lock the calls use
    /// (ADR 0010): otherwise a call saved at the same moment could still commit money this change
    /// takes away.
    /// </remarks>
    public void SetBudgetLine(CostCategory category, decimal amount, BudgetCommitments commitments)
    {
        EnsureEditable();
        ArgumentNullException.ThrowIfNull(commitments);
        Money.Ensure(amount, CostCategories.Label(category));
        var balance = Balance(category, commitments) with { Planned = amount };
        if (balance.Left < 0)
        {
            throw new DomainException(FloorMessage(balance));
        }

        var line = BudgetLines.FirstOrDefault(l => l.Category == category);
        if (line is null)
        {
            BudgetLines.Add(new BudgetLine { Id = Guid.NewGuid(), ProjectId = Id, Category = category, Amount = amount });
        }
        else
        {
            line.Amount = amount;
        }

        BudgetChanged();
    }

    /// <summary>A cost category's planned amount, the moves in and out of it and what is committed against it.</summary>
    public CategoryBalance Balance(CostCategory category, BudgetCommitments commitments)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        var planned = BudgetLines.FirstOrDefault(l => l.Category == category)?.Amount ?? 0m;
        return new CategoryBalance(category, planned, commitments.In(category), commitments.Out(category), commitments.Committed(category));
    }

    /// <summary>Every cost category, A to E, with its moves and commitments.</summary>
    public IReadOnlyList<CategoryBalance> Balances(BudgetCommitments commitments) =>
        CostCategories.All.Select(c => Balance(c, commitments)).ToList();

    /// <summary>
    /// Checks a move of <paramref name="amount"/> out of <paramref name="from"/> into
    /// <paramref name="to"/>: only what the source category has left can move.
    /// </summary>
    public void EnsureCanMove(CostCategory from, CostCategory to, decimal amount, BudgetCommitments commitments)
    {
        EnsureEditable();
        if (from == to)
        {
            throw new DomainException("La voce di partenza e quella di arrivo devono essere diverse.");
        }

        var source = Balance(from, commitments);
        if (amount > source.Left)
        {
            throw new DomainException($"La voce {CostCategories.Letter(from)} ha ancora {Money.Format(Math.Max(0m, source.Left))} disponibili (previsti {Money.Format(source.Planned)}, già riallocati {Money.Format(source.Out)}{(source.In > 0 ? ", ricevuti " + Money.Format(source.In) : "")}{(source.Committed > 0 ? ", impegnati " + Money.Format(source.Committed) : "")}): non si possono spostare {Money.Format(amount)}.");
        }
    }

    /// <summary>A partner's co-financing; both zero removes the partner from the co-financing table.</summary>
    public void SetCofinancing(Guid partnerId, decimal cash, decimal inKind)
    {
        EnsureEditable();
        Money.Ensure(cash, "Cofinanziamento monetario");
        Money.Ensure(inKind, "Cofinanziamento valorizzazioni");
        var row = Cofinancings.FirstOrDefault(c => c.PartnerId == partnerId);
        if (cash == 0 && inKind == 0)
        {
            if (row is not null)
            {
                Cofinancings.Remove(row);
            }
        }
        else if (row is null)
        {
            Cofinancings.Add(new PartnerCofinancing { Id = Guid.NewGuid(), ProjectId = Id, PartnerId = partnerId, Cash = cash, InKind = inKind });
        }
        else
        {
            row.Cash = cash;
            row.InKind = inKind;
        }

        BudgetChanged();
    }

    /// <summary>
    /// What does not add up in the budget plan, in Italian; empty when it reconciles to the cent.
    /// </summary>
    /// <remarks>
    /// The regional template states the same money several ways (total, contribution plus
    /// co-financing, cash plus in-kind, cost categories, partner table); the ATS rejects a plan
    /// whose figures disagree, so each identity is checked separately and named.
    /// </remarks>
    public IReadOnlyList<string> Reconcile(BudgetCommitments commitments)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        var problems = new List<string>();
        var funded = RegionalContribution + DeclaredCofinancing;
        if (DeclaredTotalCost != funded)
        {
            problems.Add($"Il costo complessivo ({Money.Format(DeclaredTotalCost)}) non è uguale a contributo regionale più cofinanziamento ({Money.Format(funded)}): differenza {Difference(DeclaredTotalCost, funded)}.");
        }

        var split = DeclaredCashCofinancing + DeclaredInKindCofinancing;
        if (DeclaredCofinancing != split)
        {
            problems.Add($"Il cofinanziamento ({Money.Format(DeclaredCofinancing)}) non è uguale a monetario più valorizzazioni ({Money.Format(split)}): differenza {Difference(DeclaredCofinancing, split)}.");
        }

        foreach (var missing in CostCategories.All.Where(c => BudgetLines.All(l => l.Category != c)))
        {
            problems.Add($"Manca la voce di costo \"{CostCategories.Label(missing)}\" (indicare 0 se non prevista).");
        }

        if (BudgetLinesTotal != DeclaredTotalCost)
        {
            problems.Add($"La somma delle voci di costo ({Money.Format(BudgetLinesTotal)}) non è uguale al costo complessivo ({Money.Format(DeclaredTotalCost)}): differenza {Difference(BudgetLinesTotal, DeclaredTotalCost)}.");
        }

        foreach (var balance in Balances(commitments).Where(b => b.Left < 0))
        {
            problems.Add(balance.Category == CostCategory.Vouchers && balance.Committed > 0
                ? $"I bandi impegnano {Money.Format(balance.Committed)}, più della voce D con le riallocazioni ({Money.Format(balance.Current)}): differenza {Money.Format(-balance.Left)}."
                : $"Dalla voce {CostCategories.Letter(balance.Category)} sono stati riallocati {Money.Format(balance.Out)}, più di quanto prevede con le riallocazioni ricevute ({Money.Format(balance.Planned + balance.In)}): differenza {Money.Format(-balance.Left)}.");
        }

        if (PartnersCash != DeclaredCashCofinancing)
        {
            problems.Add($"La somma del cofinanziamento monetario dei partner ({Money.Format(PartnersCash)}) non è uguale al cofinanziamento monetario dichiarato ({Money.Format(DeclaredCashCofinancing)}): differenza {Difference(PartnersCash, DeclaredCashCofinancing)}.");
        }

        if (PartnersInKind != DeclaredInKindCofinancing)
        {
            problems.Add($"La somma delle valorizzazioni dei partner ({Money.Format(PartnersInKind)}) non è uguale alle valorizzazioni dichiarate ({Money.Format(DeclaredInKindCofinancing)}): differenza {Difference(PartnersInKind, DeclaredInKindCofinancing)}.");
        }

        return problems;
    }

    /// <summary>Marks the budget plan approved; refused unless it reconciles.</summary>
    public void ApproveBudget(DateTimeOffset at, Guid? by, BudgetCommitments commitments)
    {
        EnsureEditable();
        var problems = Reconcile(commitments);
        if (problems.Count > 0)
        {
            throw new DomainException("Il piano dei costi non quadra e non può essere approvato: " + string.Join(" ", problems));
        }

        BudgetApprovedAt = at.ToUniversalTime();
        BudgetApprovedBy = by;
        Touch();
    }

    public ProjectAction AddAction(string code, ActionTexts texts)
    {
        EnsureEditable();
        code = (code ?? "").Trim().ToUpperInvariant();
        if (!ActionCode().IsMatch(code))
        {
            throw new DomainException("Il codice dell'azione è una lettera seguita al più da una cifra (per esempio A, C1, E2).");
        }

        if (Actions.Any(a => a.Code == code))
        {
            throw new DomainException($"Esiste già un'azione {code} in questo progetto.");
        }

        var action = new ProjectAction { Id = Guid.NewGuid(), ProjectId = Id, Code = code, SortOrder = Actions.Count + 1 };
        action.Revise(texts);
        Actions.Add(action);
        Touch();
        return action;
    }

    public void ReviseAction(Guid actionId, ActionTexts texts)
    {
        EnsureEditable();
        FindAction(actionId).Revise(texts);
        Touch();
    }

    public Indicator AddIndicator(Guid actionId, string name, string unit, TargetComparison? comparison, int? target, IndicatorSource source, string? computationKey)
    {
        EnsureEditable();
        var action = FindAction(actionId);
        var indicator = Indicator.Create(action.Id, action.Indicators.Count + 1, name, unit, comparison, target, source, computationKey);
        action.Indicators.Add(indicator);
        Touch();
        return indicator;
    }

    public void ReviseIndicator(Guid indicatorId, string name, string unit, TargetComparison? comparison, int? target, IndicatorSource source, string? computationKey)
    {
        EnsureEditable();
        FindIndicator(indicatorId).Revise(name, unit, comparison, target, source, computationKey);
        Touch();
    }

    public void RecordIndicatorValue(Guid indicatorId, int value, string evidence, DateTimeOffset at, Guid? by)
    {
        EnsureEditable();
        FindIndicator(indicatorId).RecordValue(value, evidence, at, by);
        Touch();
    }

    private ProjectAction FindAction(Guid actionId) =>
        Actions.FirstOrDefault(a => a.Id == actionId) ?? throw new DomainException("L'azione non appartiene a questo progetto.");

    private Indicator FindIndicator(Guid indicatorId) =>
        Actions.SelectMany(a => a.Indicators).FirstOrDefault(i => i.Id == indicatorId)
        ?? throw new DomainException("L'indicatore non appartiene a questo progetto.");

    private static string FloorMessage(CategoryBalance b)
    {
        var letter = CostCategories.Letter(b.Category);
        if (b.Category == CostCategory.Vouchers && b.In == 0 && b.Out == 0)
        {
            return $"I bandi impegnano già {Money.Format(b.Committed)}: la categoria D non può scendere sotto questa cifra.";
        }

        if (b.Category == CostCategory.Vouchers)
        {
            return $"I bandi impegnano già {Money.Format(b.Committed)} e le riallocazioni verso la voce D sono {Money.Format(b.In)}: la categoria D non può scendere sotto {Money.Format(Math.Max(0m, b.Floor))}.";
        }

        return $"Dalla voce {letter} sono già stati riallocati {Money.Format(b.Out)}{(b.In > 0 ? " (ricevuti " + Money.Format(b.In) + ")" : "")}: la categoria {letter} non può scendere sotto {Money.Format(Math.Max(0m, b.Floor))}.";
    }

    private static string Difference(decimal a, decimal b) => Money.Format(Math.Abs(a - b));

    /// <summary>A changed plan is no longer the approved one.</summary>
    private void BudgetChanged()
    {
        BudgetApprovedAt = null;
        BudgetApprovedBy = null;
        Touch();
    }

    private void Touch() => Revision++;

    [GeneratedRegex(@"^[A-Z][0-9]?$")]
    private static partial Regex ActionCode();
}
