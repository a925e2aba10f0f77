using System.Globalization;
using System.Text;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>A receipt to seed on the voucher of family <paramref name="Family"/> (index in <see cref="FundedCall"/>), then validated (eligible amount, default all of it), rejected or left to check.</summary>
public sealed record SeedReceipt(int Family, decimal Amount, decimal? Eligible = null, ReceiptStatus Outcome = ReceiptStatus.Validated);

/// <summary>
/// Receipts in bulk, built through the domain (<see cref="Receipt.Submit"/>, <see cref="Receipt.Validate"/>,
/// <see cref="Receipt.Reject"/>) and saved in one round trip, for the execution and ledger tests:
/// each with its own number and its own file, dated inside the voucher's service period.
/// </summary>
public static class ReceiptSeeds
{
    public static async Task<IReadOnlyList<Guid>> AddAsync(PortalFactory factory, FundedCall funded, IReadOnlyList<SeedReceipt> receipts)
    {
        ArgumentNullException.ThrowIfNull(funded);
        ArgumentNullException.ThrowIfNull(receipts);
        return await factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var now = DateTimeOffset.UtcNow;
            var vouchers = await db.Vouchers.Where(v => funded.VoucherIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);
            var applications = await db.Applications.AsNoTracking().Where(a => funded.ApplicationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            var ids = new List<Guid>();
            var counts = new Dictionary<int, int>();
            foreach (var seed in receipts)
            {
                var k = counts[seed.Family] = counts.GetValueOrDefault(seed.Family) + 1;
                var voucher = vouchers[funded.VoucherIds[seed.Family]];
                var application = applications[funded.ApplicationIds[seed.Family]];
                var codes = application.Household.Children.Select(c => c.FiscalCode!.ToUpperInvariant()).ToList();
                var day = voucher.ValidFrom.AddDays(Math.Min(k, 300));
                var context = new ReceiptContext(voucher, $"{application.Applicant.GivenName} {application.Applicant.FamilyName}", codes, CashAllowed: false, AllowsOtherProvider: true, Today: voucher.ValidTo);
                var details = new ReceiptDetails(
                    string.Create(CultureInfo.InvariantCulture, $"R-{seed.Family + 1}-{k}-{Guid.NewGuid().ToString("N")[..8]}"), day, day, day, codes[0], null, voucher.ProviderName.Length > 0 ? voucher.ProviderName : "Nido Girotondo Srl",
                    seed.Amount, PaymentMethod.BankTransfer, day);
                var unique = Guid.NewGuid();
                var receipt = Receipt.Submit(context, details, Pdf($"ricevuta {unique}"), Pdf($"bonifico {unique}"), funded.FamilyIds[seed.Family], now);
                voucher.MarkInUse();
                if (seed.Outcome == ReceiptStatus.Validated)
                {
                    receipt.Validate(seed.Eligible, funded.StaffId, now);
                }
                else if (seed.Outcome == ReceiptStatus.Rejected)
                {
                    receipt.Reject("Ricevuta illeggibile", funded.StaffId, now);
                }

                db.Receipts.Add(receipt);
                ids.Add(receipt.Id);
            }

            await db.SaveChangesAsync(ct);
            return ids;
        });
    }

    private static UploadedFile Pdf(string text) => new("ricevuta.pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n% " + text + "\n%%EOF\n"));
}
