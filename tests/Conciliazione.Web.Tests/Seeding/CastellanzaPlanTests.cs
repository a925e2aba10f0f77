using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Seeding;

/// <summary>The seeded 2017-2018 plan, read back from PostgreSQL, says what the plan says, to the cent.</summary>
public sealed class CastellanzaPlanTests(PortalFactory factory) : PortalTest(factory)
{
    private static Task<Project> LoadCurrentAsync(Conciliazione.Domain.Data.AppDbContext db) =>
        db.Projects.AsNoTracking()
            .Include(p => p.BudgetLines).Include(p => p.Cofinancings).Include(p => p.Actions).ThenInclude(a => a.Indicators)
            .AsSplitQuery()
            .SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, TestContext.Current.CancellationToken);

    [Fact]
    public async Task SeededPlan_ReconcilesToTheCent()
    {
        var project = await Factory.WithDbAsync(LoadCurrentAsync);

        Assert.Equal(60_741.00m, project.DeclaredTotalCost);
        Assert.Equal(32_000.00m, project.RegionalContribution);
        Assert.Equal(28_741.00m, project.DeclaredCofinancing);
        Assert.Equal(project.DeclaredTotalCost, project.RegionalContribution + project.DeclaredCofinancing);
        Assert.Equal(8_050.00m, project.DeclaredCashCofinancing);
        Assert.Equal(20_691.00m, project.DeclaredInKindCofinancing);
        Assert.Equal(8_050.00m, project.PartnersCash);
        Assert.Equal(20_691.00m, project.PartnersInKind);
        Assert.Equal(60_741.00m, project.BudgetLines.Sum(l => l.Amount));
        Assert.Equal(
            new Dictionary<CostCategory, decimal>
            {
                [CostCategory.Staff] = 34_784.00m,
                [CostCategory.GoodsAndSoftware] = 0m,
                [CostCategory.Services] = 2_056.00m,
                [CostCategory.Vouchers] = 15_401.00m,
                [CostCategory.Overheads] = 8_500.00m,
            },
            project.BudgetLines.ToDictionary(l => l.Category, l => l.Amount));
        Assert.Empty(project.Reconcile(BudgetCommitments.None));
    }

    [Fact]
    public async Task SeededPlan_EachPartnerHasItsTypeAndFigures()
    {
        var expected = new Dictionary<string, (PartnerType Type, decimal Cash, decimal InKind)>
        {
            ["Azienda Speciale Consortile Medio Olona Servizi alla Persona"] = (PartnerType.EntePubblicoEconomico, 0m, 5_659.00m),
            ["Comune di Marnate"] = (PartnerType.EntePubblico, 1_550.00m, 2_028.00m),
            ["Comune di Fagnano Olona"] = (PartnerType.EntePubblico, 2_000.00m, 2_028.00m),
            ["Comune di Castellanza"] = (PartnerType.EntePubblico, 500.00m, 2_028.00m),
            ["Comune di Olgiate Olona"] = (PartnerType.EntePubblico, 1_000.00m, 2_028.00m),
            ["Comune di Solbiate Olona"] = (PartnerType.EntePubblico, 500.00m, 864.00m),
            ["Comune di Gorla Maggiore"] = (PartnerType.EntePubblico, 1_000.00m, 2_028.00m),
            ["Comune di Gorla Minore"] = (PartnerType.EntePubblico, 500.00m, 2_028.00m),
            ["Società Cooperativa Sociale Totem Onlus"] = (PartnerType.Cooperativa, 0m, 0m),
            ["Consorzio Cooperative Sociali - Società Cooperativa Onlus"] = (PartnerType.Cooperativa, 0m, 0m),
            ["Società Cooperativa Sociale Dire Fare Giocare Onlus"] = (PartnerType.Cooperativa, 0m, 0m),
            ["Ufficio di Piano di Somma Lombardo"] = (PartnerType.EntePubblico, 1_000.00m, 2_000.00m),
            ["Cooperativa Sociale Il Seme"] = (PartnerType.Cooperativa, 0m, 0m),
        };

        var actual = await Factory.WithDbAsync(db => (
            from p in db.Partners.AsNoTracking()
            where p.AllianceId == CastellanzaPlan.AllianceId
            let c = db.PartnerCofinancings.FirstOrDefault(c => c.PartnerId == p.Id && c.ProjectId == CastellanzaPlan.CurrentProjectId)
            select new { p.Name, p.Type, p.IsLeadPartner, Cash = c == null ? 0m : c.Cash, InKind = c == null ? 0m : c.InKind })
            .ToListAsync(TestContext.Current.CancellationToken));

        Assert.Equal(expected, actual.ToDictionary(a => a.Name, a => (a.Type, a.Cash, a.InKind)));
        Assert.Equal("Azienda Speciale Consortile Medio Olona Servizi alla Persona", Assert.Single(actual, a => a.IsLeadPartner).Name);
    }

    [Fact]
    public async Task SeededPlan_HasTheSevenActionsWithTargets_AndTheClosedPreviousProject()
    {
        var project = await Factory.WithDbAsync(LoadCurrentAsync);

        Assert.Equal(["A", "B", "C1", "C2", "D", "E1", "E2"], project.Actions.OrderBy(a => a.SortOrder).Select(a => a.Code));
        var targets = project.Actions.SelectMany(a => a.Indicators.Where(i => i.TargetText != null).Select(i => a.Code + " " + i.TargetText)).Order(StringComparer.Ordinal);
        Assert.Equal(["A >= 2", "A >= 2", "B >= 7", "C1 >= 10", "C2 >= 1", "D >= 2", "E1 >= 2", "E2 >= 1"], targets);
        Assert.All(project.Actions, a => Assert.False(string.IsNullOrWhiteSpace(a.Modality)));

        var previous = await Factory.WithDbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == CastellanzaPlan.PreviousProjectId, TestContext.Current.CancellationToken));
        Assert.Equal("La conciliazione...questa sconosciuta...impariamo a conoscerla", previous.Title);
        Assert.Equal(ProjectStatus.Closed, previous.Status);
        Assert.Equal(new DateOnly(2017, 1, 15), previous.ClosedOn);
    }

    [Fact]
    public async Task Seeding_Twice_ChangesNothing()
    {
        await Factory.WithDbAsync(db => CastellanzaPlan.SeedAsync(db, TestContext.Current.CancellationToken));

        var counts = await Factory.WithDbAsync(async db => (
            await db.Municipalities.CountAsync(TestContext.Current.CancellationToken),
            await db.Partners.CountAsync(TestContext.Current.CancellationToken),
            await db.Projects.CountAsync(TestContext.Current.CancellationToken),
            await db.Indicators.CountAsync(TestContext.Current.CancellationToken),
            await db.PartnerCofinancings.CountAsync(TestContext.Current.CancellationToken)));
        Assert.Equal((16, 13, 2, 13, 9), counts);
    }
}
