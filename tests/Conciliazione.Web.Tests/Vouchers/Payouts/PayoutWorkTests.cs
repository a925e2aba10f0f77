using System.Xml.Linq;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Notifications.Templates;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Vouchers.Payouts;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Tests.Vouchers.Payouts;

/// <summary>Issue 14: what is due, producing a batch and recording it paid, through <c>PayoutWork</c> on PostgreSQL.</summary>
public sealed class PayoutWorkTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task DueProduceAndMarkPaid_PayHalfTheEligibleSpending_CountEachReceiptOnce_AndUpdateVoucherAndGrant()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 2, reference: "AV-PO-01");
        await PayoutSeeds.DebtorAccountAsync(factory);
        await PayoutSeeds.DeclareIbanAsync(factory, funded.VoucherIds[0], 1);
        await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[0], 300m);
        await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[0], 120m, eligible: 100m);

        var due = await PayoutSeeds.WorkAsync(factory, w => w.DueAsync(GrantSeeds.Castellanza, funded.CallId, ct));
        var row = Assert.Single(due);
        Assert.Equal(funded.VoucherIds[0], row.VoucherId);
        Assert.Equal(400m, row.NewEligible);
        Assert.Equal(200m, row.Due); // 50% of 400, under the 350 cap
        Assert.True(row.CanPay, string.Join(" ", row.Problems));

        var batchId = await PayoutSeeds.ProduceAsync(factory, funded.StaffId, funded.VoucherIds[0]);
        Assert.Empty(await PayoutSeeds.WorkAsync(factory, w => w.DueAsync(GrantSeeds.Castellanza, funded.CallId, ct)));
        var (batch, voucher, counted) = await factory.WithDbAsync(async db => (
            await db.PayoutBatches.AsNoTracking().Include(b => b.Lines).SingleAsync(b => b.Id == batchId, ct),
            await db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == funded.VoucherIds[0], ct),
            await db.Receipts.AsNoTracking().CountAsync(r => r.VoucherId == funded.VoucherIds[0] && r.PayoutLineId != null, ct)));
        Assert.Equal(200m, batch.Total);
        Assert.Equal(1, batch.TransferCount);
        Assert.Matches(@"^LIQ-\d{4}-0001$", batch.Number);
        Assert.Equal(200m, voucher.Claimed);
        Assert.Equal(0m, voucher.Paid);
        Assert.Equal(2, counted);

        var valueDate = await PayoutSeeds.WorkAsync(factory, w => Task.FromResult(w.Today));
        Assert.Null(await PayoutSeeds.WorkAsync(factory, w => w.MarkPaidAsync(batchId, GrantSeeds.Castellanza, valueDate, funded.StaffId, ct)));
        var (paidVoucher, grant) = await factory.WithDbAsync(async db => (
            await db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == funded.VoucherIds[0], ct),
            await db.Grants.AsNoTracking().SingleAsync(g => g.ApplicationId == funded.ApplicationIds[0] && g.Status == GrantStatus.Active, ct)));
        Assert.Equal(200m, paidVoucher.Paid);
        Assert.Equal(200m, grant.Paid);
        Assert.Equal(VoucherStatus.InUse, paidVoucher.Status);
    }

    [Fact]
    public async Task Produce_WithARevokedVoucher_IsRefusedClearly_AndNothingIsProduced()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 2, reference: "AV-PO-02");
        await PayoutSeeds.DebtorAccountAsync(factory);
        for (var i = 0; i < 2; i++)
        {
            await PayoutSeeds.DeclareIbanAsync(factory, funded.VoucherIds[i], i + 1);
            await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[i], 200m);
        }

        Assert.Null(await GrantSeeds.WorkAsync(factory, w => w.RevokeAsync(funded.ApplicationIds[0], GrantSeeds.Castellanza, "Dichiarazione non veritiera", funded.StaffId, ct)));
        var due = await PayoutSeeds.WorkAsync(factory, w => w.DueAsync(GrantSeeds.Castellanza, funded.CallId, ct));
        var revoked = due.Single(d => d.VoucherId == funded.VoucherIds[0]);
        Assert.False(revoked.CanPay);
        Assert.Contains(revoked.Problems, p => p.Contains("revocato", StringComparison.Ordinal));

        var (batchId, error) = await PayoutSeeds.WorkAsync(factory, w => w.ProduceAsync(GrantSeeds.Castellanza, funded.VoucherIds, w.Today.AddDays(1), funded.StaffId, ct));
        Assert.Null(batchId);
        Assert.Contains($"Il voucher {revoked.VoucherCode} (domanda {revoked.ProtocolNumber}) è revocato", error, StringComparison.Ordinal);
        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.PayoutBatches.CountAsync(ct));
            Assert.Equal(0m, await db.Vouchers.Where(v => v.CallId == funded.CallId).SumAsync(v => v.Claimed, ct));
            Assert.Equal(0, await db.Receipts.CountAsync(r => r.PayoutLineId != null, ct));
        });
    }

    [Fact]
    public async Task AGrantRevoked_WhileItsBatchWaitsForTheBank_OwesBackWhatTheBankThenPays()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 1, reference: "AV-PO-09");
        await PayoutSeeds.DebtorAccountAsync(factory);
        await PayoutSeeds.DeclareIbanAsync(factory, funded.VoucherIds[0], 1);
        await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[0], 200m);
        var batchId = await PayoutSeeds.ProduceAsync(factory, funded.StaffId, funded.VoucherIds[0]);

        // Revoked with nothing paid yet: no recovery at revocation.
        Assert.Null(await GrantSeeds.WorkAsync(factory, w => w.RevokeAsync(funded.ApplicationIds[0], GrantSeeds.Castellanza, "Dichiarazione non veritiera", funded.StaffId, ct)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Recoveries.CountAsync(r => r.ApplicationId == funded.ApplicationIds[0], ct)));

        // The bank pays the batch all the same: what it paid is owed back, once.
        var today = await PayoutSeeds.WorkAsync(factory, w => Task.FromResult(w.Today));
        Assert.Null(await PayoutSeeds.WorkAsync(factory, w => w.MarkPaidAsync(batchId, GrantSeeds.Castellanza, today, funded.StaffId, ct)));
        Assert.NotNull(await PayoutSeeds.WorkAsync(factory, w => w.MarkPaidAsync(batchId, GrantSeeds.Castellanza, today, funded.StaffId, ct)));
        await factory.WithDbAsync(async db =>
        {
            var gross = await db.PayoutLines.Where(l => l.BatchId == batchId).SumAsync(l => l.Gross, ct);
            var grant = await db.Grants.SingleAsync(g => g.ApplicationId == funded.ApplicationIds[0], ct);
            var recovery = await db.Recoveries.SingleAsync(r => r.ApplicationId == funded.ApplicationIds[0], ct);
            Assert.True(gross > 0m);
            Assert.Equal(gross, grant.Paid);
            Assert.Equal(gross, recovery.Amount);
            Assert.Equal(0m, recovery.Recovered);
            Assert.Null(recovery.SettledAt);
            Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == Domain.Auditing.AuditActions.RecoveryRecorded && e.EntityId == funded.ApplicationIds[0].ToString(), ct));
        });
    }

    [Fact]
    public async Task Produce_WithoutTheAlliancesAccount_OrWithoutTheFamilyIban_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 1, reference: "AV-PO-03");
        await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[0], 200m);
        var row = Assert.Single(await PayoutSeeds.WorkAsync(factory, w => w.DueAsync(GrantSeeds.Castellanza, null, ct)));
        Assert.Contains(row.Problems, p => p.Contains("IBAN", StringComparison.Ordinal));

        var (_, noAccount) = await PayoutSeeds.WorkAsync(factory, w => w.ProduceAsync(GrantSeeds.Castellanza, funded.VoucherIds, w.Today, funded.StaffId, ct));
        Assert.Contains("conto da cui pagare", noAccount, StringComparison.Ordinal);
        await PayoutSeeds.DebtorAccountAsync(factory);
        var (_, noIban) = await PayoutSeeds.WorkAsync(factory, w => w.ProduceAsync(GrantSeeds.Castellanza, funded.VoucherIds, w.Today, funded.StaffId, ct));
        Assert.Contains("non ha ancora indicato l'IBAN", noIban, StringComparison.Ordinal);
        var (_, pastDate) = await PayoutSeeds.WorkAsync(factory, w => w.ProduceAsync(GrantSeeds.Castellanza, funded.VoucherIds, w.Today.AddDays(-1), funded.StaffId, ct));
        Assert.Contains("data di esecuzione", pastDate, StringComparison.Ordinal);
        Assert.Equal(0, await factory.WithDbAsync(db => db.PayoutBatches.CountAsync(ct)));
    }

    [Fact]
    public async Task Produce_FourAtOnceOnTheSameVouchers_CountsEachReceiptOnce_AndNeverExceedsACap()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 3, reference: "AV-PO-04");
        await PayoutSeeds.DebtorAccountAsync(factory);
        for (var i = 0; i < 3; i++)
        {
            await PayoutSeeds.DeclareIbanAsync(factory, funded.VoucherIds[i], i + 1);
            await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[i], 500m);
            await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[i], 400m);
        }

        // Overlapping selections, all started together.
        Guid[][] selections = [[funded.VoucherIds[0], funded.VoucherIds[1]], [funded.VoucherIds[1], funded.VoucherIds[2]], [.. funded.VoucherIds], [funded.VoucherIds[2]]];
        using var start = new SemaphoreSlim(0);
        var runs = selections.Select(async ids =>
        {
            await start.WaitAsync(ct);
            return await PayoutSeeds.WorkAsync(factory, w => w.ProduceAsync(GrantSeeds.Castellanza, ids, w.Today.AddDays(1), funded.StaffId, ct));
        }).ToList();
        start.Release(selections.Length);
        var results = await Task.WhenAll(runs);
        Assert.Contains(results, r => r.BatchId is not null);
        Assert.All(results, r => Assert.True(r.BatchId is not null ^ r.Error is not null));

        await factory.WithDbAsync(async db =>
        {
            var vouchers = await db.Vouchers.AsNoTracking().Where(v => v.CallId == funded.CallId).ToListAsync(ct);
            var lines = await db.PayoutLines.AsNoTracking().ToListAsync(ct);
            var receipts = await db.Receipts.AsNoTracking().ToListAsync(ct);
            Assert.All(vouchers, v =>
            {
                // 50% of 900 = 450, capped at 350, in one line of whichever batch won; a selection that lost to another is refused whole.
                var mine = lines.Where(l => l.VoucherId == v.Id).ToList();
                Assert.True(mine.Count <= 1);
                Assert.Equal(mine.Count == 1 ? 350m : 0m, v.Claimed);
                Assert.True(v.Claimed <= v.Cap);
                Assert.All(receipts.Where(r => r.VoucherId == v.Id), r => Assert.Equal(mine.SingleOrDefault()?.Id, r.PayoutLineId));
            });
            Assert.Equal(results.Count(r => r.BatchId is not null), await db.PayoutBatches.CountAsync(ct));
            Assert.Equal(lines.Count, results.Where(r => r.BatchId is not null).Sum(r => selections[Array.IndexOf(results, r)].Length));
        });
    }

    [Fact]
    public async Task MarkPaid_Twice_IsRefusedWithTheDateRecorded_AndPaysOnce_EvenWhenBothStartTogether()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 1, reference: "AV-PO-05");
        await PayoutSeeds.DebtorAccountAsync(factory);
        await PayoutSeeds.DeclareIbanAsync(factory, funded.VoucherIds[0], 1);
        await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[0], 1000m);
        var batchId = await PayoutSeeds.ProduceAsync(factory, funded.StaffId, funded.VoucherIds[0]);

        var today = await PayoutSeeds.WorkAsync(factory, w => Task.FromResult(w.Today));
        var both = await Task.WhenAll(
            PayoutSeeds.WorkAsync(factory, w => w.MarkPaidAsync(batchId, GrantSeeds.Castellanza, today, funded.StaffId, ct)),
            PayoutSeeds.WorkAsync(factory, w => w.MarkPaidAsync(batchId, GrantSeeds.Castellanza, today, funded.StaffId, ct)));
        Assert.Single(both, e => e is null);
        var again = await PayoutSeeds.WorkAsync(factory, w => w.MarkPaidAsync(batchId, GrantSeeds.Castellanza, today, funded.StaffId, ct));
        Assert.Equal($"La liquidazione {await factory.WithDbAsync(db => db.PayoutBatches.Where(b => b.Id == batchId).Select(b => b.Number).SingleAsync(ct))} risulta già pagata con valuta {today:dd/MM/yyyy}: nulla è stato registrato di nuovo.", again);
        Assert.Equal(again, both.Single(e => e is not null));

        await factory.WithDbAsync(async db =>
        {
            var voucher = await db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == funded.VoucherIds[0], ct);
            Assert.Equal(350m, voucher.Paid);
            Assert.Equal(VoucherStatus.UsedUp, voucher.Status);
            Assert.Equal(350m, await db.Grants.Where(g => g.ApplicationId == funded.ApplicationIds[0]).Select(g => g.Paid).SingleAsync(ct));
            var notice = await db.Notifications.AsNoTracking().SingleAsync(n => n.Kind == PayoutMade.KindName, ct);
            Assert.Equal(funded.FamilyIds[0], notice.FamilyUserId);
            Assert.Equal(batchId, notice.SubjectId);
            Assert.DoesNotContain(PayoutSeeds.FamilyIban(1), notice.ModelJson, StringComparison.Ordinal);
            Assert.Equal(1, await db.AuditEvents.CountAsync(a => a.Action == Domain.Auditing.AuditActions.PayoutPaid, ct));
        });
    }

    [Fact]
    public async Task Produce_NetsARecoveryOwedByTheSameFamily_AndMarkPaidSettlesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 2, reference: "AV-PO-06");
        var family = funded.FamilyIds[0];
        // The same family holds both applications (two children, two calls' worth of vouchers).
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE applications SET family_user_id = {family} WHERE id = {funded.ApplicationIds[1]}", ct));
        await PayoutSeeds.DebtorAccountAsync(factory);
        await PayoutSeeds.DeclareIbanAsync(factory, funded.VoucherIds[0], 1);
        await PayoutSeeds.DeclareIbanAsync(factory, funded.VoucherIds[1], 2);

        // The second application is paid 150, then revoked: 150 to recover.
        await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[1], 300m);
        var first = await PayoutSeeds.ProduceAsync(factory, funded.StaffId, funded.VoucherIds[1]);
        var today = await PayoutSeeds.WorkAsync(factory, w => Task.FromResult(w.Today));
        Assert.Null(await PayoutSeeds.WorkAsync(factory, w => w.MarkPaidAsync(first, GrantSeeds.Castellanza, today, funded.StaffId, ct)));
        Assert.Null(await GrantSeeds.WorkAsync(factory, w => w.RevokeAsync(funded.ApplicationIds[1], GrantSeeds.Castellanza, "Requisiti non posseduti", funded.StaffId, ct)));
        var recovery = await factory.WithDbAsync(db => db.Recoveries.AsNoTracking().SingleAsync(r => r.ApplicationId == funded.ApplicationIds[1], ct));
        Assert.Equal(150m, recovery.Amount);

        // The first application's 250 pays 100: 150 netted.
        await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[0], 500m);
        var row = (await PayoutSeeds.WorkAsync(factory, w => w.DueAsync(GrantSeeds.Castellanza, funded.CallId, ct))).Single(r => r.VoucherId == funded.VoucherIds[0]);
        Assert.Equal((250m, 150m, 100m, 150m), (row.Due, row.Netted, row.Transfer, row.Owed));
        var second = await PayoutSeeds.ProduceAsync(factory, funded.StaffId, funded.VoucherIds[0]);
        var batch = await factory.WithDbAsync(db => db.PayoutBatches.AsNoTracking().Include(b => b.Lines).SingleAsync(b => b.Id == second, ct));
        var line = Assert.Single(batch.Lines);
        Assert.Equal((250m, 150m, 100m, recovery.Id), (line.Gross, line.Netted, line.Amount, line.RecoveryId!.Value));
        Assert.Equal((250m, 150m, 100m, 1), (batch.Gross, batch.Netted, batch.Total, batch.TransferCount));

        // The file's totals are the batch's.
        var xml = XDocument.Parse(System.Text.Encoding.UTF8.GetString(batch.File));
        XNamespace ns = SepaPain001V09.Namespace;
        Assert.Equal("100.00", xml.Descendants(ns + "GrpHdr").Single().Element(ns + "CtrlSum")!.Value);
        Assert.Equal("1", xml.Descendants(ns + "GrpHdr").Single().Element(ns + "NbOfTxs")!.Value);
        Assert.Equal(batch.MessageId, xml.Descendants(ns + "MsgId").Single().Value);

        // While that batch waits for the bank, the recovery is not netted a second time.
        await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[0], 500m);
        var more = (await PayoutSeeds.WorkAsync(factory, w => w.DueAsync(GrantSeeds.Castellanza, funded.CallId, ct))).Single(r => r.VoucherId == funded.VoucherIds[0]);
        Assert.Equal((100m, 0m, 0m), (more.Due, more.Netted, more.Owed));
        Assert.Null(await PayoutSeeds.WorkAsync(factory, w => w.MarkPaidAsync(second, GrantSeeds.Castellanza, today, funded.StaffId, ct)));
        await factory.WithDbAsync(async db =>
        {
            var settled = await db.Recoveries.AsNoTracking().SingleAsync(r => r.Id == recovery.Id, ct);
            Assert.Equal(150m, settled.Recovered);
            Assert.NotNull(settled.SettledAt);
            Assert.Equal(250m, await db.Grants.Where(g => g.ApplicationId == funded.ApplicationIds[0]).Select(g => g.Paid).SingleAsync(ct));
            var notice = await db.Notifications.AsNoTracking().Where(n => n.Kind == PayoutMade.KindName && n.SubjectId == second).SingleAsync(ct);
            Assert.Contains("100", notice.ModelJson, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ProducedBatch_IsImmutable_InTheDatabase_AndPaidIsWrittenOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var funded = await VoucherSeeds.FundedAsync(factory, families: 1, reference: "AV-PO-07");
        await PayoutSeeds.DebtorAccountAsync(factory);
        await PayoutSeeds.DeclareIbanAsync(factory, funded.VoucherIds[0], 1);
        await PayoutSeeds.ValidatedReceiptAsync(factory, funded.VoucherIds[0], 100m);
        var batchId = await PayoutSeeds.ProduceAsync(factory, funded.StaffId, funded.VoucherIds[0]);

        async Task<PostgresException> Refused(FormattableString sql) =>
            await Assert.ThrowsAsync<PostgresException>(() => factory.WithDbAsync(db => db.Database.ExecuteSqlAsync(sql, ct)));

        Assert.Equal(PostgresErrorCodes.CheckViolation, (await Refused($"UPDATE payout_batches SET file = {new byte[] { 1, 2, 3 }} WHERE id = {batchId}")).SqlState);
        Assert.Equal(PostgresErrorCodes.CheckViolation, (await Refused($"UPDATE payout_batches SET total = total + 1, gross = gross + 1 WHERE id = {batchId}")).SqlState);
        Assert.Equal(PostgresErrorCodes.CheckViolation, (await Refused($"UPDATE payout_lines SET payee_iban = {PayoutSeeds.FamilyIban(9)} WHERE batch_id = {batchId}")).SqlState);
        Assert.Equal(PostgresErrorCodes.CheckViolation, (await Refused($"DELETE FROM payout_batches WHERE id = {batchId}")).SqlState);

        var today = await PayoutSeeds.WorkAsync(factory, w => Task.FromResult(w.Today));
        Assert.Null(await PayoutSeeds.WorkAsync(factory, w => w.MarkPaidAsync(batchId, GrantSeeds.Castellanza, today, funded.StaffId, ct)));
        Assert.Equal(PostgresErrorCodes.CheckViolation, (await Refused($"UPDATE payout_batches SET value_date = value_date - 1 WHERE id = {batchId}")).SqlState);

        var file = await PayoutSeeds.WorkAsync(factory, w => w.FileAsync(batchId, GrantSeeds.Castellanza, false, ct));
        Assert.NotNull(file);
        Assert.EndsWith(".xml", file.FileName, StringComparison.Ordinal);
        Assert.Equal("application/xml", file.ContentType);
        var csv = await PayoutSeeds.WorkAsync(factory, w => w.FileAsync(batchId, GrantSeeds.Castellanza, true, ct));
        Assert.EndsWith(".csv", csv!.FileName, StringComparison.Ordinal);
        Assert.Null(await PayoutSeeds.WorkAsync(factory, w => w.FileAsync(batchId, Guid.NewGuid(), false, ct)));
    }
}
