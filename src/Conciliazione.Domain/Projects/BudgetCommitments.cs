namespace Conciliazione.Domain.Projects;

/// <summary>One recorded move of money between two cost categories of a project (a rimodulazione).</summary>
public readonly record struct CategoryMove(CostCategory From, CostCategory To, decimal Amount);

/// <summary>
/// What the budget plan alone does not show: the money moved between its cost categories and what
/// the calls already hold against category D. Read under the project-row lock before any change
/// to either side (see <c>VoucherBudgets.LockCommitmentsAsync</c>), so the check it feeds holds
/// when the change is saved.
/// </summary>
public sealed record BudgetCommitments(IReadOnlyList<CategoryMove> Moves, decimal CallsCommitted)
{
    /// <summary>Nothing moved, nothing committed: a plan being set up (seed data, a new project).</summary>
    public static readonly BudgetCommitments None = new([], 0m);

    public decimal In(CostCategory category) => Moves.Where(m => m.To == category).Sum(m => m.Amount);

    public decimal Out(CostCategory category) => Moves.Where(m => m.From == category).Sum(m => m.Amount);

    /// <summary>Only vouchers are committed by something the portal records (the calls' budgets).</summary>
    public decimal Committed(CostCategory category) => category == CostCategory.Vouchers ? CallsCommitted : 0m;
}

/// <summary>A cost category's money: planned, moved in and out, committed, and what is left.</summary>
public sealed record CategoryBalance(CostCategory Category, decimal Planned, decimal In, decimal Out, decimal Committed)
{
    /// <summary>The category as it stands after the reallocations.</summary>
    public decimal Current => Planned + In - Out;

    /// <summary>What can still be committed or moved elsewhere.</summary>
    public decimal Left => Current - Committed;

    /// <summary>The lowest the planned amount may go without leaving moves or commitments uncovered.</summary>
    public decimal Floor => Committed + Out - In;
}
