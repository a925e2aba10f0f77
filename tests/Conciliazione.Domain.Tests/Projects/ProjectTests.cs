using Conciliazione.Domain.Projects;

namespace Conciliazione.Domain.Tests.Projects;

public sealed class ProjectTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid PartnerA = Guid.NewGuid();
    private static readonly Guid PartnerB = Guid.NewGuid();

    /// <summary>A project whose plan adds up: 100 = 60 + 40; 40 = 10 cash + 30 in kind.</summary>
    private static Project Reconciling()
    {
        var p = Project.Create(Guid.NewGuid(), Guid.NewGuid(), "Progetto di prova", "Piano di prova", new DateOnly(2017, 1, 1), new DateOnly(2018, 12, 31));
        p.SetFunding(100m, 60m, 40m, 10m, 30m);
        p.SetBudgetLine(CostCategory.Staff, 50m, BudgetCommitments.None);
        p.SetBudgetLine(CostCategory.GoodsAndSoftware, 0m, BudgetCommitments.None);
        p.SetBudgetLine(CostCategory.Services, 10m, BudgetCommitments.None);
        p.SetBudgetLine(CostCategory.Vouchers, 30m, BudgetCommitments.None);
        p.SetBudgetLine(CostCategory.Overheads, 10m, BudgetCommitments.None);
        p.SetCofinancing(PartnerA, 10m, 20m);
        p.SetCofinancing(PartnerB, 0m, 10m);
        return p;
    }

    [Fact]
    public void Reconcile_WhenFiguresAddUp_FindsNothing() => Assert.Empty(Reconciling().Reconcile(BudgetCommitments.None));

    [Fact]
    public void Reconcile_WhenTotalIsNotContributionPlusCofinancing_SaysByHowMuch()
    {
        var p = Reconciling();
        p.SetFunding(100m, 59.99m, 40m, 10m, 30m);

        var problem = Assert.Single(p.Reconcile(BudgetCommitments.None));
        Assert.Contains("Il costo complessivo (100,00 €) non è uguale a contributo regionale più cofinanziamento (99,99 €): differenza 0,01 €", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_WhenCofinancingIsNotCashPlusInKind_NamesIt()
    {
        var p = Reconciling();
        p.SetFunding(100m, 60m, 40m, 10m, 29m);

        var problems = p.Reconcile(BudgetCommitments.None);
        Assert.Contains(problems, m => m.StartsWith("Il cofinanziamento (40,00 €) non è uguale a monetario più valorizzazioni (39,00 €)", StringComparison.Ordinal));
        Assert.Contains(problems, m => m.StartsWith("La somma delle valorizzazioni dei partner (30,00 €)", StringComparison.Ordinal));
    }

    [Fact]
    public void Reconcile_WhenCategoriesDoNotSumToTotal_NamesIt()
    {
        var p = Reconciling();
        p.SetBudgetLine(CostCategory.Vouchers, 31m, BudgetCommitments.None);

        var problem = Assert.Single(p.Reconcile(BudgetCommitments.None));
        Assert.StartsWith("La somma delle voci di costo (101,00 €) non è uguale al costo complessivo (100,00 €): differenza 1,00 €", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_WhenACategoryIsMissing_AsksForIt()
    {
        var p = Project.Create(Guid.NewGuid(), Guid.NewGuid(), "P", "Piano", new DateOnly(2017, 1, 1), new DateOnly(2017, 12, 31));

        var problems = p.Reconcile(BudgetCommitments.None);

        Assert.Equal(5, problems.Count(m => m.StartsWith("Manca la voce di costo", StringComparison.Ordinal)));
    }

    [Fact]
    public void Reconcile_WhenPartnerCashDiffers_NamesIt()
    {
        var p = Reconciling();
        p.SetCofinancing(PartnerB, 0.5m, 10m);

        var problem = Assert.Single(p.Reconcile(BudgetCommitments.None));
        Assert.StartsWith("La somma del cofinanziamento monetario dei partner (10,50 €) non è uguale al cofinanziamento monetario dichiarato (10,00 €)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ApproveBudget_WhenItDoesNotReconcile_IsRefused()
    {
        var p = Reconciling();
        p.SetBudgetLine(CostCategory.Staff, 49m, BudgetCommitments.None);

        var ex = Assert.Throws<DomainException>(() => p.ApproveBudget(Now, null, BudgetCommitments.None));

        Assert.StartsWith("Il piano dei costi non quadra", ex.Message, StringComparison.Ordinal);
        Assert.False(p.IsBudgetApproved);
    }

    [Fact]
    public void ApproveBudget_WhenItReconciles_IsApproved_UntilTheNextChange()
    {
        var p = Reconciling();

        p.ApproveBudget(Now, null, BudgetCommitments.None);
        Assert.True(p.IsBudgetApproved);

        p.SetBudgetLine(CostCategory.Staff, 50m, BudgetCommitments.None);
        Assert.False(p.IsBudgetApproved);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10.123)]
    public void BudgetAmounts_NegativeOrOverPrecise_AreRefused(decimal amount)
    {
        var p = Reconciling();

        Assert.Throws<DomainException>(() => p.SetBudgetLine(CostCategory.Services, amount, BudgetCommitments.None));
        Assert.Throws<DomainException>(() => p.SetCofinancing(PartnerA, amount, 0m));
        Assert.Throws<DomainException>(() => p.SetFunding(100m, amount, 40m, 10m, 30m));
        Assert.Empty(p.Reconcile(BudgetCommitments.None));
    }

    [Fact]
    public void SetCofinancing_BothZero_RemovesThePartner()
    {
        var p = Reconciling();

        p.SetCofinancing(PartnerB, 0m, 0m);

        Assert.DoesNotContain(p.Cofinancings, c => c.PartnerId == PartnerB);
    }

    [Fact]
    public void Revise_EndBeforeStart_IsRefused()
    {
        var p = Reconciling();

        var ex = Assert.Throws<DomainException>(() => p.Revise("T", "P", null, new DateOnly(2018, 1, 1), new DateOnly(2017, 12, 31)));

        Assert.Equal("La data di fine non può precedere la data di inizio.", ex.Message);
        Assert.Equal(new DateOnly(2017, 1, 1), p.StartDate);
    }

    [Fact]
    public void Extend_KeepsTheOldEndDateInTheHistory()
    {
        var p = Reconciling();

        p.Extend(new DateOnly(2019, 6, 30), "Proroga ATS", Now, null);
        p.Extend(new DateOnly(2019, 12, 31), "Seconda proroga", Now.AddDays(1), null);

        Assert.Equal(new DateOnly(2019, 12, 31), p.EndDate);
        Assert.Equal(new DateOnly(2018, 12, 31), p.OriginalEndDate);
        Assert.Equal(
            [(new DateOnly(2018, 12, 31), new DateOnly(2019, 6, 30)), (new DateOnly(2019, 6, 30), new DateOnly(2019, 12, 31))],
            p.Extensions.Select(e => (e.PreviousEndDate, e.NewEndDate)));
    }

    [Fact]
    public void Extend_ToADateNotAfterTheCurrentEnd_IsRefused()
    {
        var p = Reconciling();

        var ex = Assert.Throws<DomainException>(() => p.Extend(new DateOnly(2018, 12, 31), "Proroga", Now, null));

        Assert.Contains("successiva a quella attuale (31/12/2018)", ex.Message, StringComparison.Ordinal);
        Assert.Empty(p.Extensions);
    }

    [Fact]
    public void ClosedProject_RefusesEveryChange()
    {
        var p = Reconciling();
        var action = p.AddAction("A", new ActionTexts("Azione A", null, null, null, null, null, null));
        var indicator = p.AddIndicator(action.Id, "Famiglie", "famiglie", TargetComparison.AtLeast, 2, IndicatorSource.Manual, null);
        p.Close(new DateOnly(2019, 1, 15), "Concluso");

        var changes = new Action[]
        {
            () => p.Revise("Nuovo titolo", "P", null, p.StartDate, p.EndDate),
            () => p.Extend(new DateOnly(2020, 1, 1), "Proroga", Now, null),
            () => p.SetBudgetLine(CostCategory.Staff, 1m, BudgetCommitments.None),
            () => p.SetFunding(1m, 1m, 0m, 0m, 0m),
            () => p.SetCofinancing(PartnerA, 1m, 1m),
            () => p.ApproveBudget(Now, null, BudgetCommitments.None),
            () => p.ReviseAction(action.Id, new ActionTexts("Altro", null, null, null, null, null, null)),
            () => p.RecordIndicatorValue(indicator.Id, 3, "Verbale", Now, null),
            () => p.Close(new DateOnly(2019, 2, 1), null),
        };

        foreach (var change in changes)
        {
            var ex = Assert.Throws<DomainException>(change);
            Assert.Equal(Project.ClosedMessage, ex.Message);
        }

        Assert.Equal("Progetto di prova", p.Title);
        Assert.Equal(50m, p.BudgetLines.Single(l => l.Category == CostCategory.Staff).Amount);
    }

    [Fact]
    public void AddAction_DuplicateCode_IsRefused()
    {
        var p = Reconciling();
        p.AddAction("c1", new ActionTexts("Smart working", null, null, null, null, null, null));

        var ex = Assert.Throws<DomainException>(() => p.AddAction("C1", new ActionTexts("Altro", null, null, null, null, null, null)));

        Assert.Equal("Esiste già un'azione C1 in questo progetto.", ex.Message);
    }
}
