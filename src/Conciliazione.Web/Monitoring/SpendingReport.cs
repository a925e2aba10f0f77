using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Charts;
using Conciliazione.Web.Exports;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Monitoring;

/// <summary>A cost category against the plan.</summary>
/// <param name="Planned">The plan's budget line (<see cref="BudgetLine"/>).</param>
/// <param name="Current">The line after the reallocations (rimodulazioni): what may be spent.</param>
/// <param name="Spent">Active cost entries; for D the voucher reimbursements paid, less what was recovered (ADR 0100).</param>
public sealed record CategorySpending(CostCategory Category, decimal Planned, decimal Current, decimal Spent)
{
    /// <summary>What is left of the line after the reallocations (negative: overspent).</summary>
    public decimal Left => Current - Spent;
}

/// <summary>Category D as the vouchers record it, all calls of the project.</summary>
/// <param name="Granted">Active grants (the calls' committed amounts).</param>
/// <param name="Paid">Reimbursements in payout batches the bank paid (the vouchers' paid amounts).</param>
/// <param name="Recovered">What was paid on revoked grants and already recovered.</param>
public sealed record VoucherSpending(decimal Granted, decimal Paid, decimal Recovered)
{
    /// <summary>Category D actually spent: paid, less recovered (ADR 0100).</summary>
    public decimal Spent => Paid - Recovered;
}

/// <summary>One partner's co-financing: what the plan promised (<see cref="PartnerCofinancing"/>) and what the active entries record.</summary>
public sealed record PartnerCofinancingRow(Guid PartnerId, string Name, decimal PromisedCash, decimal PromisedInKind, decimal ProvidedCash, decimal ProvidedInKind)
{
    public decimal LeftCash => PromisedCash - ProvidedCash;
    public decimal LeftInKind => PromisedInKind - ProvidedInKind;
    public decimal Promised => PromisedCash + PromisedInKind;
    public decimal Provided => ProvidedCash + ProvidedInKind;
    public decimal Left => Promised - Provided;
}

/// <summary>One funding source: planned (the plan's declared figures) and actual.</summary>
/// <param name="Actual">Co-financing: the active entries. Regional contribution: the spending not covered by the co-financing provided (never below zero).</param>
public sealed record FundingSourceRow(string Name, decimal Planned, decimal Actual)
{
    public decimal Left => Planned - Actual;
}

/// <summary>The spending and co-financing of one project against its plan.</summary>
public sealed record SpendingFigures(
    Guid ProjectId,
    string Title,
    IReadOnlyList<CategorySpending> Categories,
    VoucherSpending Vouchers,
    IReadOnlyList<PartnerCofinancingRow> Partners,
    IReadOnlyList<FundingSourceRow> Sources)
{
    public decimal Planned => Categories.Sum(c => c.Planned);
    public decimal Current => Categories.Sum(c => c.Current);
    public decimal Spent => Categories.Sum(c => c.Spent);
    public decimal Left => Categories.Sum(c => c.Left);
    public decimal PromisedCash => Partners.Sum(p => p.PromisedCash);
    public decimal PromisedInKind => Partners.Sum(p => p.PromisedInKind);
    public decimal ProvidedCash => Partners.Sum(p => p.ProvidedCash);
    public decimal ProvidedInKind => Partners.Sum(p => p.ProvidedInKind);
}

/// <summary>
/// Reads what a project spent and what its partners provided, against the plan: by cost category
/// (A-E), by partner (cash and in kind) and by funding source. The staff pages, the lead-partner
/// dashboard and the ATS report call it, so they all show the same figures.
/// </summary>
/// <remarks>
/// Every figure is a sum over the rows that record it (active cost and co-financing entries,
/// vouchers, recoveries), never a stored total. Category D is computed from the vouchers, never
/// typed (ADR 0100), so the same euro cannot be counted twice. Read-only, no locks.
/// </remarks>
public sealed class SpendingReport(AppDbContext db)
{
    public const string RegionalSource = "Contributo regionale";
    public const string CashSource = "Cofinanziamento monetario";
    public const string InKindSource = "Cofinanziamento valorizzazioni";

    /// <summary>The figures of <paramref name="projectId"/> to date, or null when it is not a project of <paramref name="allianceId"/>.</summary>
    public Task<SpendingFigures?> ForProjectAsync(Guid allianceId, Guid projectId, CancellationToken ct) => ForProjectAsync(allianceId, projectId, null, ct);

    /// <summary>
    /// The figures of <paramref name="projectId"/>, or null when it is not a project of <paramref name="allianceId"/>.
    /// With <paramref name="through"/> (the ATS report: a period's last day), only what happened up to that day
    /// counts: costs by date incurred, co-financing by date provided, voucher payouts by value date, recoveries
    /// by the day they were recorded; the plan lines are the current ones.
    /// </summary>
    public async Task<SpendingFigures?> ForProjectAsync(Guid allianceId, Guid projectId, DateOnly? through, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().Include(p => p.BudgetLines).Include(p => p.Cofinancings).AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == projectId && p.AllianceId == allianceId, ct);
        if (project is null)
        {
            return null;
        }

        var last = through ?? DateOnly.MaxValue;
        var costs = await db.CostEntries.AsNoTracking().Where(c => c.ProjectId == projectId && c.WithdrawnAt == null && c.IncurredOn <= last)
            .GroupBy(c => c.Category).Select(g => new { Category = g.Key, Amount = g.Sum(c => c.Amount) })
            .ToDictionaryAsync(x => x.Category, x => x.Amount, ct);
        var provided = await db.CofinancingEntries.AsNoTracking().Where(c => c.ProjectId == projectId && c.WithdrawnAt == null && c.ProvidedOn <= last)
            .GroupBy(c => new { c.PartnerId, c.Kind }).Select(g => new { g.Key.PartnerId, g.Key.Kind, Amount = g.Sum(c => c.Amount) })
            .ToListAsync(ct);
        var vouchers = through is { } day ? await VouchersThroughAsync(projectId, day, ct) : await VouchersAsync(projectId, ct);

        var balances = project.Balances(await db.CommitmentsAsync(projectId, ct));
        var categories = CostCategories.All.Select(category =>
        {
            var balance = balances.Single(b => b.Category == category);
            var spent = category == CostCategory.Vouchers ? vouchers.Spent : costs.GetValueOrDefault(category);
            return new CategorySpending(category, balance.Planned, balance.Current, spent);
        }).ToList();

        var names = await db.Partners.AsNoTracking().Where(p => p.AllianceId == allianceId)
            .Select(p => new { p.Id, p.Name, p.IsLeadPartner }).ToListAsync(ct);
        var partners = names
            .Where(n => project.Cofinancings.Any(c => c.PartnerId == n.Id) || provided.Any(p => p.PartnerId == n.Id))
            .OrderByDescending(n => n.IsLeadPartner).ThenBy(n => n.Name, StringComparer.Ordinal)
            .Select(n =>
            {
                var promise = project.Cofinancings.FirstOrDefault(c => c.PartnerId == n.Id);
                return new PartnerCofinancingRow(n.Id, n.Name, promise?.Cash ?? 0m, promise?.InKind ?? 0m,
                    provided.Where(p => p.PartnerId == n.Id && p.Kind == CofinancingKind.Cash).Sum(p => p.Amount),
                    provided.Where(p => p.PartnerId == n.Id && p.Kind == CofinancingKind.InKind).Sum(p => p.Amount));
            }).ToList();

        var cash = partners.Sum(p => p.ProvidedCash);
        var inKind = partners.Sum(p => p.ProvidedInKind);
        var sources = new List<FundingSourceRow>
        {
            new(RegionalSource, project.RegionalContribution, Math.Max(0m, categories.Sum(c => c.Spent) - cash - inKind)),
            new(CashSource, project.DeclaredCashCofinancing, cash),
            new(InKindSource, project.DeclaredInKindCofinancing, inKind),
        };
        return new SpendingFigures(project.Id, project.Title, categories, vouchers, partners, sources);
    }

    private async Task<VoucherSpending> VouchersAsync(Guid projectId, CancellationToken ct)
    {
        var callIds = db.Calls.Where(c => c.ProjectId == projectId).Select(c => c.Id);
        var granted = await db.Grants.AsNoTracking().Where(g => callIds.Contains(g.CallId) && g.Status == GrantStatus.Active)
            .SumAsync(g => (decimal?)g.Amount, ct) ?? 0m;
        var paid = await db.Vouchers.AsNoTracking().Where(v => callIds.Contains(v.CallId)).SumAsync(v => (decimal?)v.Paid, ct) ?? 0m;
        var recovered = await (from r in db.Recoveries.AsNoTracking()
                               join g in db.Grants.AsNoTracking() on r.GrantId equals g.Id
                               where callIds.Contains(g.CallId)
                               select (decimal?)r.Recovered).SumAsync(ct) ?? 0m;
        return new VoucherSpending(granted, paid, recovered);
    }

    /// <summary>Category D up to <paramref name="through"/>: payout lines of batches paid by that value date, recoveries recorded by then.</summary>
    private async Task<VoucherSpending> VouchersThroughAsync(Guid projectId, DateOnly through, CancellationToken ct)
    {
        var callIds = db.Calls.Where(c => c.ProjectId == projectId).Select(c => c.Id);
        var end = Infrastructure.RomeTime.FromRome(through.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var granted = await db.Grants.AsNoTracking().Where(g => callIds.Contains(g.CallId) && g.Status == GrantStatus.Active && g.GrantedAt < end)
            .SumAsync(g => (decimal?)g.Amount, ct) ?? 0m;
        var paid = await (from l in db.PayoutLines.AsNoTracking()
                          join b in db.PayoutBatches.AsNoTracking() on l.BatchId equals b.Id
                          where callIds.Contains(l.CallId) && b.Status == PayoutBatchStatus.Paid && b.ValueDate <= through
                          select (decimal?)l.Gross).SumAsync(ct) ?? 0m;
        var recovered = await (from r in db.Recoveries.AsNoTracking()
                               join g in db.Grants.AsNoTracking() on r.GrantId equals g.Id
                               where callIds.Contains(g.CallId) && r.RecordedAt < end
                               select (decimal?)r.Recovered).SumAsync(ct) ?? 0m;
        return new VoucherSpending(granted, paid, recovered);
    }

    /// <summary>Planned, after reallocations and spent by cost category (what is left, possibly negative, is in the table).</summary>
    public static Chart CategoryChart(SpendingFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return new Chart("spesa-per-voce", "Spesa per voce di costo", ChartKind.HorizontalBars, "Voce di costo",
            figures.Categories.Select(c => CostCategories.Label(c.Category)).ToList(),
            [
                new("Prevista", figures.Categories.Select(c => Chart.Euros(c.Planned)).ToList()),
                new("Dopo le riallocazioni", figures.Categories.Select(c => Chart.Euros(c.Current)).ToList()),
                new("Spesa", figures.Categories.Select(c => Chart.Euros(c.Spent)).ToList()),
            ]);
    }

    /// <summary>Co-financing promised and provided by partner, cash and in kind.</summary>
    public static Chart PartnerChart(SpendingFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return new Chart("cofinanziamento-per-ente", "Cofinanziamento per ente partner", ChartKind.HorizontalBars, "Ente partner",
            figures.Partners.Select(p => p.Name).ToList(),
            [
                new("Monetario promesso", figures.Partners.Select(p => Chart.Euros(p.PromisedCash)).ToList()),
                new("Monetario versato", figures.Partners.Select(p => Chart.Euros(p.ProvidedCash)).ToList()),
                new("Valorizzazioni promesse", figures.Partners.Select(p => Chart.Euros(p.PromisedInKind)).ToList()),
                new("Valorizzazioni apportate", figures.Partners.Select(p => Chart.Euros(p.ProvidedInKind)).ToList()),
            ]);
    }

    /// <summary>Planned and actual by funding source.</summary>
    public static Chart SourceChart(SpendingFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return new Chart("fonti-di-finanziamento", "Fonti di finanziamento", ChartKind.HorizontalBars, "Fonte",
            figures.Sources.Select(s => s.Name).ToList(),
            [
                new("Previsto", figures.Sources.Select(s => Chart.Euros(s.Planned)).ToList()),
                new("Effettivo", figures.Sources.Select(s => Chart.Euros(s.Actual)).ToList()),
            ]);
    }

    /// <summary>
    /// The full partner table (what the report and the CSV download carry), with the lefts and a total
    /// row the chart does not carry.
    /// </summary>
    public static ExportTable PartnerTable(SpendingFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        List<IReadOnlyList<object?>> rows = [.. figures.Partners.Select(p => (IReadOnlyList<object?>)[p.Name, p.PromisedCash, p.ProvidedCash, p.LeftCash, p.PromisedInKind, p.ProvidedInKind, p.LeftInKind])];
        rows.Add(["Totale", figures.PromisedCash, figures.ProvidedCash, figures.PromisedCash - figures.ProvidedCash,
            figures.PromisedInKind, figures.ProvidedInKind, figures.PromisedInKind - figures.ProvidedInKind]);
        return new ExportTable("cofinanziamento-enti", "Cofinanziamento per ente", Columns("Ente partner", "Monetario promesso", "Monetario versato", "Monetario residuo", "Valorizzazioni promesse", "Valorizzazioni apportate", "Valorizzazioni residue"), rows);
    }

    /// <summary>The full category table, with a total row.</summary>
    public static ExportTable CategoryTable(SpendingFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        List<IReadOnlyList<object?>> rows = [.. figures.Categories.Select(c => (IReadOnlyList<object?>)[CostCategories.Label(c.Category), c.Planned, c.Current, c.Spent, c.Left])];
        rows.Add(["Totale", figures.Planned, figures.Current, figures.Spent, figures.Left]);
        return new ExportTable("spesa-voci", "Spesa per voce", Columns("Voce di costo", "Prevista", "Dopo le riallocazioni", "Spesa", "Residuo"), rows);
    }

    /// <summary>The funding sources.</summary>
    public static ExportTable SourceTable(SpendingFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return new ExportTable("fonti", "Fonti di finanziamento", Columns("Fonte", "Previsto", "Effettivo", "Residuo"),
            figures.Sources.Select(s => (IReadOnlyList<object?>)[s.Name, s.Planned, s.Actual, s.Left]).ToList());
    }

    /// <summary>The partner table as Italian CSV (<see cref="ItalianCsv"/>).</summary>
    public static byte[] PartnerCsv(SpendingFigures figures) => ItalianCsv.Write(PartnerTable(figures));

    /// <summary>The category table as Italian CSV.</summary>
    public static byte[] CategoryCsv(SpendingFigures figures) => ItalianCsv.Write(CategoryTable(figures));

    /// <summary>The funding sources as Italian CSV.</summary>
    public static byte[] SourceCsv(SpendingFigures figures) => ItalianCsv.Write(SourceTable(figures));

    /// <summary>A text column then euro columns.</summary>
    private static ExportColumn[] Columns(string label, params string[] amounts) =>
        [new ExportColumn(label), .. amounts.Select(a => new ExportColumn(a, ExportKind.Euros))];
}
