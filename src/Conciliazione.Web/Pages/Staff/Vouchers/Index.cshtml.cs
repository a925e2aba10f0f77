using Conciliazione.Domain.Data;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Exports;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Vouchers;

/// <summary>
/// Vouchers of the alliance: look a code up as a family or provider reads it out (case, spaces,
/// dashes and O/0, I/L/1 mix-ups do not matter: <see cref="VoucherCodes.Normalize"/>), or list a
/// call's vouchers with what each is worth, has claimed, has been paid and has left.
/// </summary>
public sealed class IndexModel(AppDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    public sealed record Row(Guid Id, string Code, string? Protocol, string Applicant, string ProviderName, decimal Cap, decimal Claimed, decimal Paid, VoucherStatus Status, int Waiting);

    /// <summary>The code typed in the look-up box (GET, so a look-up can be bookmarked by staff).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Call { get; set; }

    public IReadOnlyList<SelectListItem> CallOptions { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Set when a code was typed and no voucher of the alliance has it.</summary>
    public string? NotFoundCode { get; private set; }

    public decimal TotalCap => Rows.Sum(r => r.Cap);
    public decimal TotalClaimed => Rows.Sum(r => r.Claimed);
    public decimal TotalPaid => Rows.Sum(r => r.Paid);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        ModelState.Clear();
        if (!string.IsNullOrWhiteSpace(Code))
        {
            var code = VoucherCodes.Normalize(Code);
            var id = await db.Vouchers.AsNoTracking().Where(v => v.AllianceId == allianceId && v.Code == code).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
            if (id is { } found)
            {
                return RedirectToPage("./Details", new { id = found });
            }

            NotFoundCode = Code.Trim().Length > 40 ? Code.Trim()[..40] : Code.Trim();
        }

        var calls = await db.Calls.AsNoTracking()
            .Where(c => c.AllianceId == allianceId && db.Vouchers.Any(v => v.CallId == c.Id))
            .OrderByDescending(c => c.ServiceStart).ThenBy(c => c.ReferenceNumber)
            .Select(c => new SelectListItem(c.ReferenceNumber + " - " + c.Title, c.Id.ToString())).ToListAsync(ct);
        CallOptions = calls;
        if (Call is null || calls.All(c => c.Value != Call.ToString()))
        {
            Call = calls.Count > 0 ? Guid.Parse(calls[0].Value) : null;
        }

        if (Call is { } callId)
        {
            Rows = await RowsAsync(allianceId, callId, ct);
        }

        return Page();
    }

    /// <summary>The vouchers of the chosen call as CSV (all of them, as the list shows them).</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync(xlsx: false, ct);

    /// <summary>The same as XLSX.</summary>
    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => ExportAsync(xlsx: true, ct);

    private async Task<IActionResult> ExportAsync(bool xlsx, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var call = await db.Calls.AsNoTracking().Where(c => c.Id == Call && c.AllianceId == allianceId).Select(c => new { c.Id, c.ReferenceNumber }).FirstOrDefaultAsync(ct);
        if (call is null)
        {
            return NotFound();
        }

        var rows = await RowsAsync(allianceId, call.Id, ct);
        var table = new ExportTable("voucher", "Voucher " + call.ReferenceNumber,
            [
                new ExportColumn("Codice"), new ExportColumn("Domanda"), new ExportColumn("Richiedente"), new ExportColumn("Ente"), new ExportColumn("Stato"),
                new ExportColumn("Valore", ExportKind.Euros), new ExportColumn("In liquidazione o pagato", ExportKind.Euros), new ExportColumn("Pagato", ExportKind.Euros),
                new ExportColumn("Residuo", ExportKind.Euros), new ExportColumn("Giustificativi da esaminare", ExportKind.Integer),
            ],
            rows.Select(v => (IReadOnlyList<object?>)[v.Code, v.Protocol, v.Applicant, v.ProviderName, Voucher.Italian(v.Status), v.Cap, v.Claimed, v.Paid, v.Cap - v.Claimed, v.Waiting]).ToList());
        return await ExportFile.DownloadAsync(audit, table, ExportFile.Name("voucher", call.ReferenceNumber, clock.GetUtcNow()), xlsx, ct);
    }

    private async Task<List<Row>> RowsAsync(Guid? allianceId, Guid callId, CancellationToken ct)
    {
        var today = clock.TodayInRome();
        var rows = await (from v in db.Vouchers.AsNoTracking()
                          join a in db.Applications on v.ApplicationId equals a.Id
                          where v.AllianceId == allianceId && v.CallId == callId
                          orderby a.ProtocolNumber
                          select new
                          {
                              v.Id,
                              v.Code,
                              a.ProtocolNumber,
                              a.Applicant.GivenName,
                              a.Applicant.FamilyName,
                              v.ProviderName,
                              v.Cap,
                              v.Claimed,
                              v.Paid,
                              v.Status,
                              v.ReceiptsUntil,
                              Waiting = db.Receipts.Count(r => r.VoucherId == v.Id && r.Status == ReceiptStatus.Submitted),
                          }).ToListAsync(ct);
        return rows.Select(v => new Row(v.Id, v.Code, v.ProtocolNumber, v.GivenName + " " + v.FamilyName, v.ProviderName, v.Cap, v.Claimed, v.Paid,
            v.Status is VoucherStatus.Issued or VoucherStatus.InUse && today > v.ReceiptsUntil ? VoucherStatus.Expired : v.Status, v.Waiting)).ToList();
    }
}
