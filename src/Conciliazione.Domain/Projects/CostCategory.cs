namespace Conciliazione.Domain.Projects;

/// <summary>The voci di costo of the regional plan template (letters A-E).</summary>
public enum CostCategory
{
    Staff,
    GoodsAndSoftware,
    Services,
    Vouchers,
    Overheads,
}

public static class CostCategories
{
    public static readonly IReadOnlyList<CostCategory> All = Enum.GetValues<CostCategory>();

    public static string Letter(CostCategory category) => category switch
    {
        CostCategory.Staff => "A",
        CostCategory.GoodsAndSoftware => "B",
        CostCategory.Services => "C",
        CostCategory.Vouchers => "D",
        _ => "E",
    };

    public static string Italian(CostCategory category) => category switch
    {
        CostCategory.Staff => "Costi di personale interno ed esterno",
        CostCategory.GoodsAndSoftware => "Costo di acquisto, noleggio, leasing di beni o software",
        CostCategory.Services => "Costo di acquisto di servizi",
        CostCategory.Vouchers => "Costi relativi ad erogazione voucher",
        _ => "Spese generali di funzionamento e gestione",
    };

    /// <summary>"A. Costi di personale interno ed esterno".</summary>
    public static string Label(CostCategory category) => Letter(category) + ". " + Italian(category);
}

/// <summary>One line of the budget plan: what a cost category is planned to cost.</summary>
public class BudgetLine
{
    public Guid Id { get; internal set; }
    public Guid ProjectId { get; internal set; }
    public CostCategory Category { get; internal set; }
    public decimal Amount { get; internal set; }
}

/// <summary>
/// What one partner puts into a project: cash (<i>cofinanziamento monetario</i>) and in kind
/// (<i>valorizzazioni</i>: staff time, premises, ...).
/// </summary>
public class PartnerCofinancing
{
    public Guid Id { get; internal set; }
    public Guid ProjectId { get; internal set; }
    public Guid PartnerId { get; internal set; }
    public decimal Cash { get; internal set; }
    public decimal InKind { get; internal set; }

    public decimal Total => Cash + InKind;
}

/// <summary>
/// A proroga: the project's end moved from <see cref="PreviousEndDate"/> to <see cref="NewEndDate"/>.
/// Rows are only added, so the history of the original and every later end date stays readable.
/// </summary>
public class ProjectExtension
{
    public Guid Id { get; internal set; }
    public Guid ProjectId { get; internal set; }
    public DateOnly PreviousEndDate { get; internal set; }
    public DateOnly NewEndDate { get; internal set; }
    public string Reason { get; internal set; } = "";
    public DateTimeOffset RecordedAt { get; internal set; }
    public Guid? RecordedBy { get; internal set; }
}
