using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Vouchers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Vouchers;

/// <summary>
/// The family's voucher: code and QR code, cap, service, provider, validity, status, what is left
/// and what was paid; the bank account for the reimbursement (when the call pays the family); the
/// receipts with their outcome ("Correggi" for a rejected one) and the payment that counted them
/// ("In liquidazione", then "Pagato" with the value date). The PDF and the receipt files are
/// handlers of this page. Another family's voucher or file is a 404 (SECURITY-CHECKS #11, #12).
/// </summary>
public sealed class DetailsModel(AppDbContext db, ReceiptWork work, VoucherDocuments pdf, AuditLog audit) : PageModel
{
    public VoucherFacts Voucher { get; private set; } = default!;
    public IReadOnlyList<VoucherPayment> Payments { get; private set; } = [];
    public IReadOnlyList<FamilyReceipt> Receipts { get; private set; } = [];
    public string QrCodeDataUri { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var facts = await db.FactsAsync(id, User.UserId(), work.Today, ct);
        if (facts is null)
        {
            return NotFound();
        }

        Voucher = facts;
        QrCodeDataUri = VoucherDocuments.QrDataUri(facts.Code, 5);
        Payments = await db.PaymentsAsync(id, ct);
        Receipts = await db.ReceiptsAsync(id, Payments, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken ct)
    {
        var facts = await db.FactsAsync(id, User.UserId(), work.Today, ct);
        if (facts is null)
        {
            return NotFound();
        }

        var (fileName, bytes) = await pdf.RenderAsync(facts, work.Today, ct);
        await audit.WriteAsync(AuditActions.VoucherPdfDownloaded, "Voucher", id.ToString(), ct: ct);
        return File(bytes, "application/pdf", fileName);
    }

    /// <summary>One of the family's own receipt files: found only through the family's voucher.</summary>
    public async Task<IActionResult> OnGetFileAsync(Guid id, Guid fileId, CancellationToken ct)
    {
        var file = await (from f in db.ReceiptFiles.AsNoTracking()
                          join r in db.Receipts.AsNoTracking() on f.ReceiptId equals r.Id
                          join v in db.VouchersOf(User.UserId()) on r.VoucherId equals v.Id
                          where f.Id == fileId && v.Id == id
                          select new { f.FileName, f.ContentKind, f.Content, f.ReceiptId })
            .SingleOrDefaultAsync(ct);
        if (file is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.ReceiptFileDownloadedByFamily, "ReceiptFile", fileId.ToString(), "receipt=" + file.ReceiptId, ct: ct);
        return File(file.Content, FileSignature.ContentType(file.ContentKind), file.FileName);
    }
}
