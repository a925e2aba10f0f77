using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Projects;

namespace Conciliazione.Domain.Tests.Projects;

/// <summary>Money must always add up: the plan's categories, the moves between them and what calls hold.</summary>
public sealed class BudgetCommitmentsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    /// <summary>100.000 = 60.000 + 40.000; A 50.000, B 0, C 0, D 10.000, E 40.000 (so C has nothing to give).</summary>
    private static Project Plan()
    {
        var p = Project.Create(Guid.NewGuid(), Guid.NewGuid(), "Progetto di prova", "Piano di prova", new DateOnly(2027, 1, 1), new DateOnly(2028, 12, 31));
        p.SetFunding(100_000m, 60_000m, 40_000m, 40_000m, 0m);
        p.SetBudgetLine(CostCategory.Staff, 50_000m, BudgetCommitments.None);
        p.SetBudgetLine(CostCategory.GoodsAndSoftware, 0m, BudgetCommitments.None);
        p.SetBudgetLine(CostCategory.Services, 0m, BudgetCommitments.None);
        p.SetBudgetLine(CostCategory.Vouchers, 10_000m, BudgetCommitments.None);
        p.SetBudgetLine(CostCategory.Overheads, 40_000m, BudgetCommitments.None);
        p.SetCofinancing(Guid.NewGuid(), 40_000m, 0m);
        return p;
    }

    private static BudgetCommitments Calls(decimal committed, params CategoryMove[] moves) => new(moves, committed);

    [Fact]
    public void SetBudgetLine_LoweringDBelowWhatCallsHold_IsRefusedWithTheFigures()
    {
        var p = Plan();

        var ex = Assert.Throws<DomainException>(() => p.SetBudgetLine(CostCategory.Vouchers, 9_000m, Calls(9_500.50m)));

        Assert.Equal("I bandi impegnano già 9.500,50 €: la categoria D non può scendere sotto questa cifra.", ex.Message);
        Assert.Equal(10_000m, p.Balance(CostCategory.Vouchers, BudgetCommitments.None).Planned);
    }

    [Fact]
    public void SetBudgetLine_LoweringDToExactlyWhatCallsHold_IsAccepted()
    {
        var p = Plan();

        p.SetBudgetLine(CostCategory.Vouchers, 9_500.50m, Calls(9_500.50m));

        Assert.Equal(0m, p.Balance(CostCategory.Vouchers, Calls(9_500.50m)).Left);
    }

    [Fact]
    public void SetBudgetLine_DWithAReallocationIn_MayGoDownToCallsMinusTheReallocation()
    {
        var p = Plan();
        var k = Calls(12_500.50m, new CategoryMove(CostCategory.Overheads, CostCategory.Vouchers, 3_000m));

        var ex = Assert.Throws<DomainException>(() => p.SetBudgetLine(CostCategory.Vouchers, 9_500m, k));
        p.SetBudgetLine(CostCategory.Vouchers, 9_500.50m, k);

        Assert.Equal("I bandi impegnano già 12.500,50 € e le riallocazioni verso la voce D sono 3.000,00 €: la categoria D non può scendere sotto 9.500,50 €.", ex.Message);
    }

    [Fact]
    public void SetBudgetLine_ASourceCategoryBelowWhatWasMovedOut_IsRefused()
    {
        var p = Plan();
        var k = Calls(0m, new CategoryMove(CostCategory.Overheads, CostCategory.Vouchers, 3_000m));

        var ex = Assert.Throws<DomainException>(() => p.SetBudgetLine(CostCategory.Overheads, 2_999.99m, k));

        Assert.Equal("Dalla voce E sono già stati riallocati 3.000,00 €: la categoria E non può scendere sotto 3.000,00 €.", ex.Message);
    }

    [Fact]
    public void Reallocation_FromACategoryWithNothingLeft_IsRefused()
    {
        var p = Plan();

        var ex = Assert.Throws<DomainException>(() => VoucherReallocation.Record(p, 3_000m, CostCategory.Services, "Rimodulazione", Now, null, BudgetCommitments.None));

        Assert.StartsWith("La voce C ha ancora 0,00 € disponibili", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("non si possono spostare 3.000,00 €.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reallocation_CountsEarlierMovesOutOfTheSameCategory()
    {
        var p = Plan();
        var k = Calls(0m, new CategoryMove(CostCategory.Overheads, CostCategory.Vouchers, 39_000m));

        Assert.Throws<DomainException>(() => VoucherReallocation.Record(p, 1_000.01m, CostCategory.Overheads, "Rimodulazione", Now, null, k));
        var ok = VoucherReallocation.Record(p, 1_000m, CostCategory.Overheads, "Rimodulazione", Now, null, k);

        Assert.Equal(1_000m, ok.Amount);
    }

    [Fact]
    public void Balances_AReallocationChangesBothCategories_AndTheTotalStays()
    {
        var p = Plan();
        var k = Calls(5_000m, new CategoryMove(CostCategory.Overheads, CostCategory.Vouchers, 3_000m));

        var balances = p.Balances(k);

        Assert.Equal(37_000m, balances.Single(b => b.Category == CostCategory.Overheads).Current);
        Assert.Equal(13_000m, balances.Single(b => b.Category == CostCategory.Vouchers).Current);
        Assert.Equal(8_000m, balances.Single(b => b.Category == CostCategory.Vouchers).Left);
        Assert.Equal(p.DeclaredTotalCost, balances.Sum(b => b.Current));
        Assert.Empty(p.Reconcile(k));
    }

    [Fact]
    public void Reconcile_CallsHoldingMoreThanDWithReallocations_DoesNotBalance_AndApprovalIsRefused()
    {
        var p = Plan();
        var k = Calls(12_500.50m, new CategoryMove(CostCategory.Services, CostCategory.Vouchers, 0m));

        var problems = p.Reconcile(k);

        Assert.Contains("I bandi impegnano 12.500,50 €, più della voce D con le riallocazioni (10.000,00 €): differenza 2.500,50 €.", problems);
        Assert.Throws<DomainException>(() => p.ApproveBudget(Now, null, k));
    }

    [Fact]
    public void Reconcile_AReallocationTakenFromAnEmptyCategory_DoesNotBalance()
    {
        var p = Plan();
        var k = Calls(0m, new CategoryMove(CostCategory.Services, CostCategory.Vouchers, 3_000m));

        var problems = p.Reconcile(k);

        Assert.Contains("Dalla voce C sono stati riallocati 3.000,00 €, più di quanto prevede con le riallocazioni ricevute (0,00 €): differenza 3.000,00 €.", problems);
    }
}
