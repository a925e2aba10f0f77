using Conciliazione.Domain.Data;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Exports;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Receipts;

/// <summary>
/// The receipts (giustificativi) queue: those waiting for a decision by default, oldest first, so
/// the family that uploaded first is answered first; filters by call and status.
/// </summary>
public sealed class IndexModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    /// <summary>Rows shown at once; the filters narrow the list.</summary>
    public const int Limit = 200;

    public sealed record Row(Guid Id, DateTimeOffset SubmittedAt, string VoucherCode, Guid VoucherId, string? Protocol, string CallReference, string Number, string ProviderName,
        DateOnly PeriodFrom, DateOnly PeriodTo, decimal Amount, decimal? Eligible, ReceiptStatus Status, bool Correction);

    /// <summary>The call to show (all the alliance's calls when empty).</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Call { get; set; }

    /// <summary>"Submitted" (default), "Validated", "Rejected" or "All".</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<SelectListItem> CallOptions { get; private set; } = [];

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        ModelState.Clear();
        CallOptions = [new SelectListItem("Tutti i bandi", ""), .. await db.Calls.AsNoTracking()
            .Where(c => c.AllianceId == allianceId && db.Vouchers.Any(v => v.CallId == c.Id))
            .OrderByDescending(c => c.ServiceStart).ThenBy(c => c.ReferenceNumber)
            .Select(c => new SelectListItem(c.ReferenceNumber + " - " + c.Title, c.Id.ToString())).ToListAsync(ct)];
        var query = Query(allianceId);
        Total = await query.CountAsync(ct);
        Rows = await query.Take(Limit).ToListAsync(ct);
    }

    /// <summary>Every receipt the filters select (not only the first <see cref="Limit"/>) as CSV.</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync(xlsx: false, ct);

    /// <summary>The same as XLSX.</summary>
    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => ExportAsync(xlsx: true, ct);

    private async Task<IActionResult> ExportAsync(bool xlsx, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        string? reference = null;
        if (Call is { } callId)
        {
            reference = await db.Calls.AsNoTracking().Where(c => c.Id == callId && c.AllianceId == allianceId).Select(c => c.ReferenceNumber).FirstOrDefaultAsync(ct);
            if (reference is null)
            {
                return NotFound();
            }
        }

        var rows = await Query(allianceId).ToListAsync(ct);
        var table = new ExportTable("giustificativi", "Giustificativi",
            [
                new ExportColumn("Caricato il", ExportKind.DateTime), new ExportColumn("Voucher"), new ExportColumn("Domanda"), new ExportColumn("Bando"),
                new ExportColumn("Ricevuta"), new ExportColumn("Corregge un giustificativo respinto"), new ExportColumn("Ente"),
                new ExportColumn("Periodo dal", ExportKind.Date), new ExportColumn("Periodo al", ExportKind.Date),
                new ExportColumn("Importo", ExportKind.Euros), new ExportColumn("Ammissibile", ExportKind.Euros), new ExportColumn("Stato"),
            ],
            rows.Select(r => (IReadOnlyList<object?>)
            [
                r.SubmittedAt, r.VoucherCode, r.Protocol, r.CallReference, r.Number, r.Correction, r.ProviderName,
                r.PeriodFrom, r.PeriodTo, r.Amount, r.Eligible, Receipt.Italian(r.Status),
            ]).ToList());
        var scope = string.Join('-', new[] { reference, Status == "All" ? null : Status?.ToLowerInvariant() }.Where(x => x is not null));
        return await ExportFile.DownloadAsync(audit, table, ExportFile.Name("giustificativi", scope, clock.GetUtcNow()), xlsx, ct);
    }

    /// <summary>The receipts the filters select, oldest first; normalises <see cref="Status"/>.</summary>
    private IQueryable<Row> Query(Guid? allianceId)
    {
        Status = Enum.TryParse<ReceiptStatus>(Status, out var s) ? s.ToString() : Status == "All" ? "All" : nameof(ReceiptStatus.Submitted);
        ReceiptStatus? status = Status == "All" ? null : Enum.Parse<ReceiptStatus>(Status);

        var receipts = db.Receipts.AsNoTracking().Where(r => r.AllianceId == allianceId);
        if (status is { } only)
        {
            receipts = receipts.Where(r => r.Status == only);
        }

        var query = from r in receipts
                    join v in db.Vouchers on r.VoucherId equals v.Id
                    join c in db.Calls on v.CallId equals c.Id
                    join a in db.Applications on r.ApplicationId equals a.Id
                    where Call == null || v.CallId == Call
                    select new { r, v.Code, c.ReferenceNumber, a.ProtocolNumber };
        return query.OrderBy(x => x.r.SubmittedAt).ThenBy(x => x.r.Id)
            .Select(x => new Row(x.r.Id, x.r.SubmittedAt, x.Code, x.r.VoucherId, x.ProtocolNumber, x.ReferenceNumber, x.r.Number, x.r.ProviderName,
                x.r.PeriodFrom, x.r.PeriodTo, x.r.Amount, x.r.EligibleAmount, x.r.Status, x.r.CorrectsId != null));
    }
}
