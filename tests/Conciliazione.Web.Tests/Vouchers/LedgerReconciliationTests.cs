using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Vouchers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>
/// Issue 14, "Done when": over a generated call with hundreds of families, the ledger from the
/// plan to the bank reconciles to the cent. The plan's category D covers the call budgets, the
/// budget covers the grants, every active grant is one voucher with the same cap, the validated
/// receipts are reimbursed by the formula once and only once, every batch's lines add up to its
/// totals and to what the vouchers say they claimed and were paid, the grants say the same, and a
/// revocation after a payment becomes a recovery. The budget execution report must agree with all
/// of it and find no mismatch.
/// </summary>
public sealed class LedgerReconciliationTests(PortalFactory factory) : PortalTest(factory)
{
    private const int Families = 300;

    /// <summary>The applications that got a voucher, in seed order, as a <see cref="FundedCall"/> for the receipt seeds.</summary>
    private async Task<FundedCall> GeneratedCallAsync()
    {
        var ct = TestContext.Current.CancellationToken;

        // A large alliance: category D big enough for a call of hundreds of families.
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE budget_lines SET amount = 500000 WHERE project_id = {CastellanzaPlan.CurrentProjectId} AND category = 'Vouchers'", ct));
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff, withTotp: false);

        // 50% up to 350 per child; one family in five has two children (up to 700). Requested 126,000:
        // the budget of 120,000 leaves some on the reserve list.
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 120_000m, reference: "AV-LEDGER-01");
        var specs = Enumerable.Range(0, Families).Select(i => new SeedApplication(Isee: 3_000m + (i * 37 % 20_000), Children: i % 5 == 0 ? 2 : 1)).ToList();
        var ids = await GrantSeeds.ApplicationsAsync(Factory, callId, specs);
        await GrantSeeds.FreezeAndPublishAsync(Factory, callId, staff.Id);
        var (_, error) = await GrantSeeds.WorkAsync(Factory, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staff.Id, ct));
        Assert.Null(error);

        return await Factory.WithDbAsync(async db =>
        {
            var vouchers = await db.Vouchers.Where(v => v.CallId == callId).ToDictionaryAsync(v => v.ApplicationId, ct);
            var applications = await db.Applications.AsNoTracking().Where(a => a.CallId == callId).ToDictionaryAsync(a => a.Id, ct);
            var funded = ids.Where(vouchers.ContainsKey).ToList();
            var now = DateTimeOffset.UtcNow;
            foreach (var (id, n) in funded.Select((id, n) => (id, n)))
            {
                var applicant = applications[id].Applicant;
                vouchers[id].DeclarePayee(Iban.ItalianFrom("03069", "09606", (100_000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    $"{applicant.GivenName} {applicant.FamilyName}", applicant.GivenName, applicant.FamilyName, now);
            }

            var alliance = await db.Alliances.SingleAsync(a => a.Id == CastellanzaPlan.AllianceId, ct);
            alliance.Payments = new Domain.Alliances.PaymentAccount { DebtorName = "Comune di Castellanza", Iban = Iban.ItalianFrom("01000", "03245", "000000000001"), Bic = "BITAITRRXXX" };
            await db.SaveChangesAsync(ct);
            return new FundedCall(callId, staff.Id, funded, funded.Select(a => vouchers[a].Id).ToList(), funded.Select(a => applications[a].FamilyUserId).ToList());
        });
    }

    /// <summary>Receipts for every voucher: amounts with cents, partly eligible ones, big ones past the cap, rejected and unchecked ones.</summary>
    private static List<SeedReceipt> FirstReceipts(int vouchers)
    {
        var list = new List<SeedReceipt>();
        for (var j = 0; j < vouchers; j++)
        {
            list.Add(new SeedReceipt(j, 100m + (j % 23 * 7.13m)));
            if (j % 3 == 0)
            {
                list.Add(new SeedReceipt(j, 250.55m + (j % 11), Eligible: 240.50m + (j % 11)));
            }

            if (j % 7 == 0)
            {
                list.Add(new SeedReceipt(j, 500m, Outcome: ReceiptStatus.Rejected));
            }

            if (j % 11 == 0)
            {
                list.Add(new SeedReceipt(j, 60.01m, Outcome: ReceiptStatus.Submitted));
            }

            if (j % 13 == 0)
            {
                list.Add(new SeedReceipt(j, 901.37m));
            }
        }

        return list;
    }

    /// <summary>More receipts for one voucher in four: with the big ones above, some vouchers are already at their cap.</summary>
    private static List<SeedReceipt> SecondReceipts(FundedCall call, ISet<Guid> revoked)
    {
        var list = new List<SeedReceipt>();
        for (var j = 0; j < call.VoucherIds.Count; j++)
        {
            if (j % 4 == 1 && !revoked.Contains(call.VoucherIds[j]))
            {
                list.Add(new SeedReceipt(j, 77.77m + (j % 9), Eligible: 70.01m + (j % 9)));
            }
        }

        return list;
    }

    [Fact]
    public async Task AGeneratedCallWithHundredsOfFamilies_ReconcilesToTheCent_FromThePlanToTheBank()
    {
        var ct = TestContext.Current.CancellationToken;
        var call = await GeneratedCallAsync();
        Assert.True(call.VoucherIds.Count >= 250, $"only {call.VoucherIds.Count} vouchers");
        Assert.True(call.VoucherIds.Count < Families, "the budget should leave a reserve list");
        await ReceiptSeeds.AddAsync(Factory, call, FirstReceipts(call.VoucherIds.Count));
        await AssertReconciledAsync(call.CallId);

        // Batch 1: the first half of what is due, paid by the bank.
        var due = await PayoutsAsync(w => w.DueAsync(CastellanzaPlan.AllianceId, call.CallId, ct));
        Assert.Equal(call.VoucherIds.Count, due.Count);
        Assert.All(due, d => Assert.True(d.CanPay, string.Join(" ", d.Problems)));
        var first = await ProduceAsync(call.StaffId, due.Take(due.Count / 2).Select(d => d.VoucherId).ToList());
        Assert.Null(await PayoutsAsync(w => w.MarkPaidAsync(first, CastellanzaPlan.AllianceId, w.Today, call.StaffId, ct)));
        await AssertReconciledAsync(call.CallId);

        // Two revocations: one after its payment (a recovery the family owes), one with receipts waiting (they are never paid).
        var paidOne = due[0].ApplicationId;
        var waitingOne = due[^1].ApplicationId;
        foreach (var application in new[] { paidOne, waitingOne })
        {
            Assert.Null(await GrantSeeds.WorkAsync(Factory, w => w.RevokeAsync(application, CastellanzaPlan.AllianceId, "Dichiarazione non veritiera (controllo)", call.StaffId, ct)));
        }

        var revoked = new HashSet<Guid> { due[0].VoucherId, due[^1].VoucherId };
        var refused = await PayoutsAsync(w => w.ProduceAsync(CastellanzaPlan.AllianceId, [due[^2].VoucherId, due[^1].VoucherId], w.Today, call.StaffId, ct));
        Assert.Null(refused.BatchId);
        Assert.StartsWith($"Il voucher {due[^1].VoucherCode} (domanda {due[^1].ProtocolNumber}) è revocato", refused.Error, StringComparison.Ordinal);

        // The family that owes the recovery has a voucher in another call: its reimbursement nets it.
        var owing = call.FamilyIds[call.ApplicationIds.ToList().IndexOf(paidOne)];
        var other = await OtherCallOfAsync(owing, call.StaffId);
        await ReceiptSeeds.AddAsync(Factory, other, [new SeedReceipt(0, 1_500m)]);

        // Batch 2: everything due now (the second half, new receipts, the other call), produced and not yet paid.
        await ReceiptSeeds.AddAsync(Factory, call, SecondReceipts(call, revoked));
        var dueNow = await PayoutsAsync(w => w.DueAsync(CastellanzaPlan.AllianceId, null, ct));
        Assert.Contains(dueNow, d => d.VoucherId == due[^1].VoucherId && !d.CanPay);
        Assert.Contains(dueNow, d => !d.CanPay && d.Problems.Contains("Il voucher ha già raggiunto il suo tetto: nulla da rimborsare."));
        var netting = dueNow.Single(d => d.VoucherId == other.VoucherIds[0]);
        Assert.True(netting.Netted > 0m, "the recovery should be netted from the same family's reimbursement");
        var report = await ReportAsync();
        Assert.Equal(dueNow.Where(d => d.CallId == call.CallId && !revoked.Contains(d.VoucherId)).Sum(d => d.Due), report.Projects.SelectMany(p => p.Calls).Single(c => c.CallId == call.CallId).ToReimburse);
        var second = await ProduceAsync(call.StaffId, dueNow.Where(d => d.CanPay && d.CallId == call.CallId).Select(d => d.VoucherId).ToList());
        await AssertReconciledAsync(call.CallId);

        // Batch 3: the netted reimbursement, paid: the recovery is recovered (settled when whole).
        var third = await ProduceAsync(call.StaffId, [netting.VoucherId]);
        Assert.Null(await PayoutsAsync(w => w.MarkPaidAsync(third, CastellanzaPlan.AllianceId, w.Today, call.StaffId, ct)));
        await AssertReconciledAsync(call.CallId);
        await AssertReconciledAsync(other.CallId);
        await Factory.WithDbAsync(async db =>
        {
            var recovery = await db.Recoveries.AsNoTracking().SingleAsync(r => r.ApplicationId == paidOne, ct);
            var line = await db.PayoutLines.AsNoTracking().SingleAsync(l => l.BatchId == third, ct);
            Assert.Equal(recovery.Id, line.RecoveryId);
            Assert.Equal(line.Netted, recovery.Recovered);
            Assert.Equal(recovery.Recovered == recovery.Amount, recovery.SettledAt is not null);
            Assert.Equal(PayoutBatchStatus.Produced, (await db.PayoutBatches.AsNoTracking().SingleAsync(b => b.Id == second, ct)).Status);
        });

        // Every bank file says what its batch says.
        await Factory.WithDbAsync(async db =>
        {
            foreach (var batch in await db.PayoutBatches.AsNoTracking().ToListAsync(ct))
            {
                var xml = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(batch.File));
                var header = xml.Descendants().Single(e => e.Name.LocalName == "GrpHdr");
                string Value(string name) => header.Elements().Single(e => e.Name.LocalName == name).Value;
                Assert.Equal(batch.TransferCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Value("NbOfTxs"));
                Assert.Equal(batch.Total, decimal.Parse(Value("CtrlSum"), System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(batch.Total, xml.Descendants().Where(e => e.Name.LocalName == "InstdAmt").Sum(e => decimal.Parse(e.Value, System.Globalization.CultureInfo.InvariantCulture)));
            }
        });
    }

    private async Task<T> PayoutsAsync<T>(Func<Web.Vouchers.Payouts.PayoutWork, Task<T>> action)
    {
        using var scope = Factory.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<Web.Vouchers.Payouts.PayoutWork>());
    }

    private async Task<Guid> ProduceAsync(Guid staffId, IReadOnlyCollection<Guid> voucherIds)
    {
        var (batchId, error) = await PayoutsAsync(w => w.ProduceAsync(CastellanzaPlan.AllianceId, voucherIds, w.Today, staffId, TestContext.Current.CancellationToken));
        Assert.Null(error);
        return batchId!.Value;
    }

    /// <summary>A second call where <paramref name="familyUserId"/> is funded too (two children: 700), with its IBAN declared.</summary>
    private async Task<FundedCall> OtherCallOfAsync(Guid familyUserId, Guid staffId)
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await GrantSeeds.ClosedCallAsync(Factory, 1_000m, reference: "AV-LEDGER-02");
        var ids = await GrantSeeds.ApplicationsAsync(Factory, callId, [new SeedApplication(4_000m, Children: 2)], first: 5_000, familyId: familyUserId);
        await GrantSeeds.FreezeAndPublishAsync(Factory, callId, staffId);
        var (_, error) = await GrantSeeds.WorkAsync(Factory, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staffId, ct));
        Assert.Null(error);
        return await Factory.WithDbAsync(async db =>
        {
            var voucher = await db.Vouchers.SingleAsync(v => v.ApplicationId == ids[0], ct);
            var applicant = (await db.Applications.AsNoTracking().SingleAsync(a => a.Id == ids[0], ct)).Applicant;
            voucher.DeclarePayee(Iban.ItalianFrom("03069", "09606", "900000"), $"{applicant.GivenName} {applicant.FamilyName}", applicant.GivenName, applicant.FamilyName, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(ct);
            return new FundedCall(callId, staffId, ids, [voucher.Id], [familyUserId]);
        });
    }

    /// <summary>The report finds no mismatch and agrees with the ledger summed here.</summary>
    private async Task AssertReconciledAsync(Guid callId)
    {
        var report = await ReportAsync();
        Assert.True(report.Holds, string.Join(Environment.NewLine, report.Mismatches));
        await AssertLedgerAsync(callId, report.Projects.SelectMany(p => p.Calls).Single(c => c.CallId == callId));
    }

    private async Task<ExecutionReport> ReportAsync()
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BudgetExecution>().ReadAsync(CastellanzaPlan.AllianceId, TestContext.Current.CancellationToken);
    }

    /// <summary>Every level of the ledger, read row by row and summed here, independently of the report.</summary>
    private async Task AssertLedgerAsync(Guid callId, CallExecution execution)
    {
        var ct = TestContext.Current.CancellationToken;
        await Factory.WithDbAsync(async db =>
        {
            var project = await db.ReadAsync(CastellanzaPlan.CurrentProjectId, null, ct);
            var call = await db.Calls.AsNoTracking().SingleAsync(c => c.Id == callId, ct);
            var callBudgets = await db.Calls.AsNoTracking().Where(c => c.ProjectId == CastellanzaPlan.CurrentProjectId).SumAsync(c => c.Budget, ct);
            var grants = await db.Grants.AsNoTracking().Where(g => g.CallId == callId).ToListAsync(ct);
            var vouchers = await db.Vouchers.AsNoTracking().Where(v => v.CallId == callId).ToListAsync(ct);
            var receipts = await db.Receipts.AsNoTracking().Where(r => vouchers.Select(v => v.Id).Contains(r.VoucherId)).ToListAsync(ct);
            var lines = await db.PayoutLines.AsNoTracking().Where(l => l.CallId == callId).ToListAsync(ct);
            var batches = await db.PayoutBatches.AsNoTracking().Include(b => b.Lines).ToListAsync(ct);
            var recoveries = await db.Recoveries.AsNoTracking().Where(r => grants.Select(g => g.Id).Contains(r.GrantId)).ToListAsync(ct);
            var active = grants.Where(g => g.Status == GrantStatus.Active).ToList();
            var live = vouchers.Where(v => v.Status != VoucherStatus.Revoked).ToList();
            var paidBatches = batches.Where(b => b.Status == PayoutBatchStatus.Paid).Select(b => b.Id).ToHashSet();

            // Plan -> call -> grant.
            Assert.True(project.Available >= callBudgets, "category D must cover the calls' budgets");
            Assert.True(callBudgets >= call.Budget);
            Assert.True(call.Budget >= call.Committed);
            Assert.Equal(active.Sum(g => g.Amount), call.Committed);

            // Grant -> voucher: one voucher per grant, the same cap; revoked with its grant.
            Assert.Equal(grants.Count, vouchers.Count);
            Assert.All(vouchers, v => Assert.Equal(grants.Single(g => g.Id == v.GrantId).Amount, v.Cap));
            Assert.All(vouchers, v => Assert.Equal(grants.Single(g => g.Id == v.GrantId).Status != GrantStatus.Active, v.Status == VoucherStatus.Revoked));
            Assert.Equal(call.Committed, live.Sum(v => v.Cap));

            // Voucher -> payout: claimed and paid never above the cap; claimed = its lines, paid = its paid lines = its grant's paid.
            Assert.True(call.Committed >= live.Sum(v => v.Claimed));
            Assert.True(live.Sum(v => v.Claimed) >= live.Sum(v => v.Paid));
            foreach (var v in vouchers)
            {
                var own = lines.Where(l => l.VoucherId == v.Id).ToList();
                Assert.True(v.Claimed <= v.Cap && v.Paid <= v.Claimed, $"voucher {v.Code}: claimed {v.Claimed}, paid {v.Paid}, cap {v.Cap}");
                Assert.Equal(own.Sum(l => l.Gross), v.Claimed);
                Assert.Equal(own.Where(l => paidBatches.Contains(l.BatchId)).Sum(l => l.Gross), v.Paid);
                Assert.Equal(v.Paid, grants.Single(g => g.Id == v.GrantId).Paid);
                Assert.Equal(v.Paid == v.Cap && v.Cap > 0m && v.Status != VoucherStatus.Revoked, v.Status == VoucherStatus.UsedUp);
            }

            // Receipt -> line: only validated receipts are counted, each by one line; a line's eligible
            // spending is its receipts', and its gross the formula on them (50%, half away from zero,
            // within what the cap left).
            Assert.All(receipts.Where(r => r.PayoutLineId is not null), r => Assert.Equal(ReceiptStatus.Validated, r.Status));
            foreach (var v in vouchers)
            {
                var claimedBefore = 0m;
                foreach (var line in lines.Where(l => l.VoucherId == v.Id).OrderBy(l => batches.Single(b => b.Id == l.BatchId).ProducedAt))
                {
                    var counted = receipts.Where(r => r.PayoutLineId == line.Id).ToList();
                    Assert.NotEmpty(counted);
                    Assert.Equal(counted.Sum(r => r.EligibleAmount!.Value), line.Eligible);
                    Assert.Equal(Math.Min(decimal.Round(line.Eligible * 0.5m, 2, MidpointRounding.AwayFromZero), v.Cap - claimedBefore), line.Gross);
                    Assert.Equal(line.Gross - line.Netted, line.Amount);
                    claimedBefore += line.Gross;
                }
            }

            // Batch totals: the file's control sum and count, gross and netted, are its lines'.
            foreach (var b in batches)
            {
                Assert.Equal(b.Lines.Sum(l => l.Amount), b.Total);
                Assert.Equal(b.Lines.Sum(l => l.Gross), b.Gross);
                Assert.Equal(b.Lines.Sum(l => l.Netted), b.Netted);
                Assert.Equal(b.Lines.Count(l => l.Amount > 0m), b.TransferCount);
            }

            // Recoveries: what was paid on a revoked grant.
            Assert.All(recoveries, r => Assert.Equal(grants.Single(g => g.Id == r.GrantId).Paid, r.Amount));

            // The report says the same, to the cent.
            var validated = receipts.Where(r => r.Status == ReceiptStatus.Validated).ToList();
            Assert.Equal(call.Budget, execution.Budget);
            Assert.Equal(call.Committed, execution.Committed);
            Assert.Equal(live.Count, execution.Vouchers);
            Assert.Equal(validated.Sum(r => r.EligibleAmount!.Value), execution.ReceiptsValidated);
            Assert.Equal(vouchers.Sum(v => v.Claimed), execution.Claimed);
            Assert.Equal(lines.Sum(l => l.Gross), execution.Claimed);
            Assert.Equal(lines.Where(l => paidBatches.Contains(l.BatchId)).Sum(l => l.Gross), execution.Paid);
            Assert.Equal(lines.Where(l => paidBatches.Contains(l.BatchId)).Sum(l => l.Amount), execution.Transferred);
            Assert.Equal(recoveries.Sum(r => r.Recovered), execution.Recovered);
            Assert.Equal(recoveries.Sum(r => r.Amount - r.Recovered), execution.Owed);

            // What is still to reimburse, per voucher not revoked, by the formula on the receipts not yet counted.
            var toReimburse = 0m;
            foreach (var v in live)
            {
                var fresh = validated.Where(r => r.VoucherId == v.Id && r.PayoutLineId is null).Sum(r => r.EligibleAmount!.Value);
                toReimburse += fresh <= 0m ? 0m : Math.Min(decimal.Round(fresh * 0.5m, 2, MidpointRounding.AwayFromZero), v.Cap - v.Claimed);
            }

            Assert.Equal(toReimburse, execution.ToReimburse);
        });
    }
}
