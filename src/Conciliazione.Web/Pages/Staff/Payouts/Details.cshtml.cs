using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Vouchers.Payouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Payouts;

/// <summary>
/// One batch (distinta): its lines and totals, the bank file and the treasurer's CSV to download
/// (checked against the SHA-256 stored when produced, every download audited), and "paid" recorded
/// once with the bank's value date (<see cref="PayoutWork.MarkPaidAsync"/>). Staff of the
/// alliance only: another alliance's batch is not found.
/// </summary>
public sealed class DetailsModel(AppDbContext db, PayoutWork work, AuditLog audit) : PageModel
{
    public sealed class PaidInput
    {
        public DateOnly? ValueDate { get; set; }
    }

    public sealed record LineRow(string ProtocolNumber, PayeeKind PayeeKind, string PayeeName, string IbanMasked, decimal Eligible, decimal Gross, decimal Netted, decimal Amount, string Remittance, string EndToEndId);

    [BindProperty]
    public PaidInput Input { get; set; } = new();

    public PayoutBatch Batch { get; private set; } = default!;
    public string ProducedBy { get; private set; } = "";
    public string? PaidBy { get; private set; }
    public IReadOnlyList<LineRow> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Input.ValueDate ??= Batch.RequestedExecutionDate <= work.Today ? Batch.RequestedExecutionDate : null;
        return Page();
    }

    /// <summary>The bank file (<paramref name="kind"/> "xml") or the CSV ("csv"), after the SHA-256 check.</summary>
    public async Task<IActionResult> OnGetFileAsync(Guid id, string? kind, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var csv = string.Equals(kind, "csv", StringComparison.Ordinal);
        if (allianceId is null || (!csv && !string.Equals(kind, "xml", StringComparison.Ordinal)))
        {
            return NotFound();
        }

        var file = await work.FileAsync(id, allianceId.Value, csv, ct);
        if (file is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.PayoutFileDownloaded, nameof(PayoutBatch), id.ToString(), file.FileName, ct: ct);
        return File(file.Content, file.ContentType, file.FileName);
    }

    public async Task<IActionResult> OnPostPaidAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        if (allianceId is null || !await db.PayoutBatches.AnyAsync(b => b.Id == id && b.AllianceId == allianceId, ct))
        {
            return NotFound();
        }

        var error = await work.MarkPaidAsync(id, allianceId.Value, Input.ValueDate, User.UserId() ?? Guid.Empty, ct);
        if (error is not null)
        {
            // A missing or out-of-range date belongs to the field; "already paid" to the whole page.
            ModelState.AddModelError(error.StartsWith("La liquidazione", StringComparison.Ordinal) ? "" : "Input.ValueDate", error);
            await LoadAsync(id, ct);
            return Page();
        }

        TempData["Message"] = "Pagamento registrato: le famiglie ricevono la comunicazione del rimborso.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var batch = await db.PayoutBatches.AsNoTracking().Include(b => b.Lines).FirstOrDefaultAsync(b => b.Id == id && b.AllianceId == allianceId, ct);
        if (batch is null)
        {
            return false;
        }

        Batch = batch;
        var people = new[] { batch.ProducedBy, batch.PaidRecordedBy ?? Guid.Empty };
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        ProducedBy = names.GetValueOrDefault(batch.ProducedBy, "");
        PaidBy = batch.PaidRecordedBy is { } paidBy ? names.GetValueOrDefault(paidBy, "") : null;
        Lines = batch.Lines.OrderBy(l => l.EndToEndId, StringComparer.Ordinal)
            .Select(l => new LineRow(l.ProtocolNumber, l.PayeeKind, l.PayeeName, Iban.Mask(l.PayeeIban), l.Eligible, l.Gross, l.Netted, l.Amount, l.Remittance, l.EndToEndId))
            .ToList();
        return true;
    }
}
