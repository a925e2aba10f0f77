using System.Text;
using Conciliazione.Domain.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>Receipts uploaded straight through the domain (<see cref="Receipt.Submit"/>), for the staff review pages.</summary>
public static class StaffReceiptSeeds
{
    /// <summary>A small PDF whose bytes (hence SHA-256) depend on <paramref name="text"/>: two receipts never share a file by accident.</summary>
    public static byte[] Pdf(string text) => Encoding.ASCII.GetBytes($"%PDF-1.4\n% {text}\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");

    /// <summary>A receipt for the first child of the voucher's application, paid by transfer inside the service period; returns its id.</summary>
    public static Task<Guid> SubmittedAsync(PortalFactory factory, Guid voucherId, string number = "12/2018", decimal amount = 120m, DateTimeOffset? at = null) =>
        factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var voucher = await db.Vouchers.SingleAsync(v => v.Id == voucherId, ct);
            var application = await db.Applications.AsNoTracking().SingleAsync(a => a.Id == voucher.ApplicationId, ct);
            var children = application.Household.Children.Select(c => c.FiscalCode).ToList();
            var context = new ReceiptContext(voucher, application.Applicant.GivenName + " " + application.Applicant.FamilyName, children, CashAllowed: false, AllowsOtherProvider: true, Today: voucher.ValidTo);
            var month = voucher.ValidFrom.AddMonths(1);
            var details = new ReceiptDetails(number, month, voucher.ValidFrom, month.AddDays(-1), children[0], null, "Nido Girotondo Srl", amount, PaymentMethod.BankTransfer, month);
            var receipt = Receipt.Submit(context, details, new UploadedFile("ricevuta.pdf", Pdf("ricevuta " + number + voucherId)), new UploadedFile("bonifico.pdf", Pdf("bonifico " + number + voucherId)),
                application.FamilyUserId, at ?? DateTimeOffset.UtcNow);
            voucher.MarkInUse();
            db.Receipts.Add(receipt);
            await db.SaveChangesAsync(ct);
            return receipt.Id;
        });
}
