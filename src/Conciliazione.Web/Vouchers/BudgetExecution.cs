using System.Globalization;
using System.Text;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Vouchers;

/// <summary>
/// Budget execution of one call (esecuzione del budget): from its budget to what the bank paid.
/// Every figure is a sum read from the table that records it, never a copy kept elsewhere.
/// </summary>
/// <param name="Budget">The call's budget.</param>
/// <param name="Committed">The call's committed amount: its active grants (the counter on the call row).</param>
/// <param name="ActiveGrants">Sum of the active grants, read from the grants (must equal <paramref name="Committed"/>).</param>
/// <param name="Vouchers">Vouchers issued and not revoked.</param>
/// <param name="VoucherCaps">Sum of their caps (must equal the active grants).</param>
/// <param name="ReceiptsValidated">Eligible spending of the validated receipts.</param>
/// <param name="ToReimburse">What the validated receipts not yet in a batch are worth now (the reimbursement formula), for vouchers not revoked.</param>
/// <param name="Claimed">Reimbursements in payout batches, produced or paid (sum of the vouchers' claimed amounts).</param>
/// <param name="LinesGross">The same read from the payout lines (must equal <paramref name="Claimed"/>).</param>
/// <param name="Paid">Reimbursements in batches the bank paid (sum of the vouchers' paid amounts).</param>
/// <param name="PaidLinesGross">The same read from the paid batches' lines (must equal <paramref name="Paid"/>).</param>
/// <param name="GrantsPaid">The same read from the grants (must equal <paramref name="Paid"/>).</param>
/// <param name="Transferred">What actually left the bank account in paid batches: reimbursements less the recoveries netted.</param>
/// <param name="Recovered">Recoveries on this call's revoked grants already netted from payouts.</param>
/// <param name="Owed">Recoveries on this call's revoked grants still owed.</param>
/// <param name="PaidOnRevoked">Paid on this call's revoked grants (read from the grants).</param>
/// <param name="RecoveriesRecorded">The recoveries recorded for them (must equal <paramref name="PaidOnRevoked"/>: every euro paid on a revoked grant is owed back).</param>
public sealed record CallExecution(
    Guid CallId,
    Guid ProjectId,
    string Reference,
    string Title,
    decimal Budget,
    decimal Committed,
    decimal ActiveGrants,
    int Vouchers,
    decimal VoucherCaps,
    decimal ReceiptsValidated,
    decimal ToReimburse,
    decimal Claimed,
    decimal LinesGross,
    decimal Paid,
    decimal PaidLinesGross,
    decimal GrantsPaid,
    decimal Transferred,
    decimal Recovered,
    decimal Owed,
    decimal PaidOnRevoked,
    decimal RecoveriesRecorded)
{
    /// <summary>Reimbursements the validated receipts are worth: in batches already, plus what they are worth now.</summary>
    public decimal Reimbursable => Claimed + ToReimburse;

    /// <summary>In batches produced and not yet paid by the bank.</summary>
    public decimal InBatches => Claimed - Paid;

    /// <summary>Where two records of the same money disagree (Italian, for staff); empty when everything matches to the cent.</summary>
    public IReadOnlyList<string> Mismatches
    {
        get
        {
            var list = new List<string>();
            void Check(decimal a, decimal b, string what)
            {
                if (a != b)
                {
                    list.Add($"{Reference}: {what} ({Domain.Money.Format(a)} contro {Domain.Money.Format(b)}).");
                }
            }

            Check(Committed, ActiveGrants, "l'impegnato del bando non è uguale alla somma dei contributi attivi");
            Check(ActiveGrants, VoucherCaps, "la somma dei voucher non revocati non è uguale alla somma dei contributi attivi");
            Check(Claimed, LinesGross, "il liquidato sui voucher non è uguale alla somma delle righe delle distinte");
            Check(Paid, PaidLinesGross, "il pagato sui voucher non è uguale alla somma delle righe delle distinte pagate");
            Check(Paid, GrantsPaid, "il pagato sui voucher non è uguale al pagato sui contributi");
            Check(PaidOnRevoked, RecoveriesRecorded, "il pagato sui contributi revocati non è uguale ai recuperi registrati");
            if (Committed > Budget)
            {
                list.Add($"{Reference}: l'impegnato supera il budget del bando.");
            }

            return list;
        }
    }
}

/// <summary>Category D of a project (with its reallocations) and the execution of each of its calls.</summary>
public sealed record ProjectExecution(Guid ProjectId, string Title, VoucherBudget Voucher, IReadOnlyList<CallExecution> Calls)
{
    public decimal CallBudgets => Calls.Sum(c => c.Budget);
    public decimal Committed => Calls.Sum(c => c.Committed);
    public decimal ReceiptsValidated => Calls.Sum(c => c.ReceiptsValidated);
    public decimal ToReimburse => Calls.Sum(c => c.ToReimburse);
    public decimal Reimbursable => Calls.Sum(c => c.Reimbursable);
    public decimal Claimed => Calls.Sum(c => c.Claimed);
    public decimal InBatches => Calls.Sum(c => c.InBatches);
    public decimal Paid => Calls.Sum(c => c.Paid);
    public decimal Transferred => Calls.Sum(c => c.Transferred);
    public decimal Recovered => Calls.Sum(c => c.Recovered);
    public decimal Owed => Calls.Sum(c => c.Owed);

    public IReadOnlyList<string> Mismatches =>
    [
        .. Voucher.Available < CallBudgets ? ["I budget dei bandi superano la voce D del progetto (con le riallocazioni)."] : Array.Empty<string>(),
        .. Calls.SelectMany(c => c.Mismatches),
    ];
}

/// <summary>The alliance's budget execution, per project and call, with the checks across projects.</summary>
/// <param name="NettedInPaidBatches">Recoveries netted in the paid batches' lines (must equal the recovered amounts).</param>
/// <param name="RecoveredTotal">Recoveries recorded as recovered, all projects (must equal <paramref name="NettedInPaidBatches"/>).</param>
public sealed record ExecutionReport(IReadOnlyList<ProjectExecution> Projects, decimal NettedInPaidBatches, decimal RecoveredTotal)
{
    public IReadOnlyList<string> Mismatches =>
    [
        .. Projects.SelectMany(p => p.Mismatches),
        .. NettedInPaidBatches != RecoveredTotal
            ? [$"Le trattenute nelle distinte pagate ({Domain.Money.Format(NettedInPaidBatches)}) non sono uguali ai recuperi registrati ({Domain.Money.Format(RecoveredTotal)})."]
            : Array.Empty<string>(),
    ];

    public bool Holds => Mismatches.Count == 0;
}

/// <summary>
/// Reads the budget execution of an alliance (issue 14): for each call and for each project's
/// category D, committed, validated, claimed in batches, paid, recovered and owed, each read
/// from its own table and cross-checked against the other record of the same money, so a
/// difference of one cent shows up as a mismatch instead of being hidden by a stored total.
/// Read-only; no locks (a report may be a moment stale, never inconsistent within one call's
/// figures because each figure is a single aggregate query over committed rows).
/// </summary>
public sealed class BudgetExecution(AppDbContext db)
{
    public async Task<ExecutionReport> ReadAsync(Guid allianceId, CancellationToken ct)
    {
        var projects = await db.Projects.AsNoTracking().Where(p => p.AllianceId == allianceId)
            .OrderByDescending(p => p.StartDate).Select(p => new { p.Id, p.Title }).ToListAsync(ct);
        var calls = await db.Calls.AsNoTracking().Where(c => c.AllianceId == allianceId)
            .OrderBy(c => c.ReferenceNumber)
            .Select(c => new { c.Id, c.ProjectId, c.ReferenceNumber, c.Title, c.Budget, c.Committed }).ToListAsync(ct);

        var grants = await db.Grants.AsNoTracking().Where(g => g.AllianceId == allianceId)
            .GroupBy(g => g.CallId)
            .Select(g => new
            {
                CallId = g.Key,
                Active = g.Where(x => x.Status == GrantStatus.Active).Sum(x => x.Amount),
                Paid = g.Sum(x => x.Paid),
                PaidOnRevoked = g.Where(x => x.Status == GrantStatus.Revoked).Sum(x => x.Paid),
            })
            .ToDictionaryAsync(x => x.CallId, ct);
        var vouchers = await db.Vouchers.AsNoTracking().Where(v => v.AllianceId == allianceId)
            .GroupBy(v => v.CallId)
            .Select(g => new
            {
                CallId = g.Key,
                Count = g.Count(v => v.Status != VoucherStatus.Revoked),
                Caps = g.Where(v => v.Status != VoucherStatus.Revoked).Sum(v => v.Cap),
                Claimed = g.Sum(v => v.Claimed),
                Paid = g.Sum(v => v.Paid),
            })
            .ToDictionaryAsync(x => x.CallId, ct);
        var receipts = await (from r in db.Receipts.AsNoTracking()
                              join v in db.Vouchers.AsNoTracking() on r.VoucherId equals v.Id
                              where r.AllianceId == allianceId && r.Status == ReceiptStatus.Validated
                              group r by v.CallId into g
                              select new { CallId = g.Key, Eligible = g.Sum(r => r.EligibleAmount ?? 0m) })
            .ToDictionaryAsync(x => x.CallId, x => x.Eligible, ct);
        var lines = await (from l in db.PayoutLines.AsNoTracking()
                           join b in db.PayoutBatches.AsNoTracking() on l.BatchId equals b.Id
                           where l.AllianceId == allianceId
                           group new { l, b.Status } by l.CallId into g
                           select new
                           {
                               CallId = g.Key,
                               Gross = g.Sum(x => x.l.Gross),
                               PaidGross = g.Where(x => x.Status == PayoutBatchStatus.Paid).Sum(x => x.l.Gross),
                               PaidAmount = g.Where(x => x.Status == PayoutBatchStatus.Paid).Sum(x => x.l.Amount),
                               PaidNetted = g.Where(x => x.Status == PayoutBatchStatus.Paid).Sum(x => x.l.Netted),
                           })
            .ToDictionaryAsync(x => x.CallId, ct);
        var recoveries = await (from r in db.Recoveries.AsNoTracking()
                                join g in db.Grants.AsNoTracking() on r.GrantId equals g.Id
                                where r.AllianceId == allianceId
                                group r by g.CallId into grp
                                select new { CallId = grp.Key, Amount = grp.Sum(r => r.Amount), Recovered = grp.Sum(r => r.Recovered), Owed = grp.Sum(r => r.Amount - r.Recovered) })
            .ToDictionaryAsync(x => x.CallId, ct);
        var toReimburse = await ToReimburseAsync(allianceId, ct);

        var result = new List<ProjectExecution>();
        foreach (var p in projects)
        {
            var rows = calls.Where(c => c.ProjectId == p.Id).Select(c =>
            {
                var g = grants.GetValueOrDefault(c.Id);
                var v = vouchers.GetValueOrDefault(c.Id);
                var l = lines.GetValueOrDefault(c.Id);
                var r = recoveries.GetValueOrDefault(c.Id);
                return new CallExecution(
                    c.Id, c.ProjectId, c.ReferenceNumber, c.Title, c.Budget, c.Committed,
                    g?.Active ?? 0m, v?.Count ?? 0, v?.Caps ?? 0m,
                    receipts.GetValueOrDefault(c.Id), toReimburse.GetValueOrDefault(c.Id),
                    v?.Claimed ?? 0m, l?.Gross ?? 0m,
                    v?.Paid ?? 0m, l?.PaidGross ?? 0m, g?.Paid ?? 0m,
                    l?.PaidAmount ?? 0m, r?.Recovered ?? 0m, r?.Owed ?? 0m,
                    g?.PaidOnRevoked ?? 0m, r?.Amount ?? 0m);
            }).ToList();
            result.Add(new ProjectExecution(p.Id, p.Title, await db.ReadAsync(p.Id, null, ct), rows));
        }

        var netted = lines.Values.Sum(l => l.PaidNetted);
        var recovered = await db.Recoveries.AsNoTracking().Where(r => r.AllianceId == allianceId).SumAsync(r => (decimal?)r.Recovered, ct) ?? 0m;
        return new ExecutionReport(result, netted, recovered);
    }

    /// <summary>
    /// What the validated receipts not yet in a batch are worth now, per call: for each voucher not
    /// revoked, <see cref="Reimbursements.Due"/> over its receipts dated inside the service period,
    /// with the amount rule of the version its application was submitted under: the same inputs
    /// <c>PayoutWork.DueAsync</c> uses, so what this page shows is what the next batch would pay
    /// (the reconciliation test checks the two agree).
    /// </summary>
    private async Task<Dictionary<Guid, decimal>> ToReimburseAsync(Guid allianceId, CancellationToken ct)
    {
        var pending = await (from r in db.Receipts.AsNoTracking()
                             join v in db.Vouchers.AsNoTracking() on r.VoucherId equals v.Id
                             where r.AllianceId == allianceId && r.Status == ReceiptStatus.Validated && v.Status != VoucherStatus.Revoked
                                   && r.PeriodFrom >= v.ValidFrom && r.PeriodTo <= v.ValidTo
                             group r by r.VoucherId into g
                             select new
                             {
                                 VoucherId = g.Key,
                                 New = g.Where(r => r.PayoutLineId == null).Sum(r => r.EligibleAmount ?? 0m),
                                 Before = g.Where(r => r.PayoutLineId != null).Sum(r => r.EligibleAmount ?? 0m),
                             })
            .Where(x => x.New > 0m)
            .ToListAsync(ct);
        if (pending.Count == 0)
        {
            return [];
        }

        var ids = pending.Select(p => p.VoucherId).ToList();
        var facts = await (from v in db.Vouchers.AsNoTracking()
                           join a in db.Applications.AsNoTracking() on v.ApplicationId equals a.Id
                           where ids.Contains(v.Id)
                           select new { v.Id, v.CallId, v.Cap, v.Claimed, a.CallVersionId, Children = a.Household.Children.Count })
            .ToDictionaryAsync(x => x.Id, ct);
        var callIds = facts.Values.Select(f => f.CallId).Distinct().ToList();
        var versions = await db.CallVersions.AsNoTracking().Where(v => callIds.Contains(v.CallId))
            .Select(v => new { v.Id, v.CallId, v.Number, v.Rules }).ToListAsync(ct);
        var byId = versions.ToDictionary(v => v.Id, v => v.Rules.Amount);
        var latest = versions.GroupBy(v => v.CallId).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Number)!.Rules.Amount);

        var due = new Dictionary<Guid, decimal>();
        foreach (var p in pending)
        {
            var f = facts[p.VoucherId];
            var rule = f.CallVersionId is { } version && byId.TryGetValue(version, out var own) ? own : latest[f.CallId];
            var amount = Reimbursements.Due(rule, new ReimbursementInput(f.Cap, Math.Max(1, f.Children), p.Before, p.New, f.Claimed));
            due[f.CallId] = due.GetValueOrDefault(f.CallId) + amount;
        }

        return due;
    }

    /// <summary>
    /// The report as a table for the treasurer and the region: one row per call, then one total row per
    /// project with its category D.
    /// </summary>
    public static Exports.ExportTable Table(ExecutionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        string[] amounts = ["Spesa convalidata", "Rimborsi maturati", "Da liquidare", "Liquidato in distinte", "Distinte in attesa", "Pagato", "Bonificato", "Recuperato", "Da recuperare"];
        List<Exports.ExportColumn> columns =
        [
            new("Progetto"), new("Bando"), new("Titolo"), new("Voce D con riallocazioni", Exports.ExportKind.Euros), new("Budget", Exports.ExportKind.Euros),
            new("Impegnato", Exports.ExportKind.Euros), new("Voucher", Exports.ExportKind.Integer), .. amounts.Select(a => new Exports.ExportColumn(a, Exports.ExportKind.Euros)),
        ];
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var p in report.Projects)
        {
            foreach (var c in p.Calls)
            {
                rows.Add([p.Title, c.Reference, c.Title, null, c.Budget, c.Committed, c.Vouchers, c.ReceiptsValidated, c.Reimbursable, c.ToReimburse, c.Claimed, c.InBatches, c.Paid, c.Transferred, c.Recovered, c.Owed]);
            }

            rows.Add([p.Title, "Totale progetto", "", p.Voucher.Available, p.CallBudgets, p.Committed, p.Calls.Sum(c => c.Vouchers), p.ReceiptsValidated, p.Reimbursable, p.ToReimburse, p.Claimed, p.InBatches, p.Paid, p.Transferred, p.Recovered, p.Owed]);
        }

        return new Exports.ExportTable("esecuzione-budget-voucher", "Esecuzione del budget dei voucher", columns, rows);
    }

    /// <summary>The report as Italian CSV (<see cref="Exports.ItalianCsv"/>).</summary>
    public static byte[] Csv(ExecutionReport report) => Exports.ItalianCsv.Write(Table(report));

    /// <summary>"1234,50": the Italian decimal comma, no thousands separator, two decimals.</summary>
    public static string Amount(decimal amount) => amount.ToString("0.00", Domain.Money.Italian);
}
