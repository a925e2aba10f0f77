using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Exports;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Vouchers.Payouts;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Payouts;

/// <summary>
/// "Liquidazioni": the reimbursements due now (validated receipts not yet counted), each with what
/// keeps it out of a batch; staff tick the ones to pay, see the total selected against what is
/// committed on those calls ("Calcola il totale"), pick the execution date and produce the batch
/// with its SEPA file. Below, the batches produced. The money moves only in
/// <see cref="PayoutWork.ProduceAsync"/> (ADR 0086).
/// </summary>
public sealed class IndexModel(AppDbContext db, PayoutWork work, IValidator<IndexModel.InputModel> validator, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        public List<Guid> VoucherIds { get; set; } = [];
        public DateOnly? ExecutionDate { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.VoucherIds).NotEmpty().WithMessage("Selezionare almeno un rimborso da liquidare.");
            RuleFor(x => x.ExecutionDate).NotNull().WithMessage("Indicare la data di esecuzione da chiedere alla banca.");
        }
    }

    public sealed record BatchRow(Guid Id, string Number, DateTimeOffset ProducedAt, DateOnly RequestedExecutionDate, int Lines, decimal Total, PayoutBatchStatus Status, DateOnly? ValueDate);

    /// <summary>The selection against the calls' money: what is committed on them, already claimed, and now selected.</summary>
    public sealed record Selection(int Count, decimal Gross, decimal Netted, decimal Transfers, decimal Committed, decimal Claimed);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public Guid? CallId { get; set; }

    public IReadOnlyList<(Guid Id, string Label)> Calls { get; private set; } = [];
    public IReadOnlyList<DueReimbursement> Due { get; private set; } = [];
    public string? AccountProblem { get; private set; }
    public Selection? Selected { get; private set; }
    public IReadOnlyList<BatchRow> Batches { get; private set; } = [];

    public decimal Payable => Due.Where(d => d.CanPay).Sum(d => d.Due);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.ExecutionDate = NextBusinessDay(work.Today);
        await LoadAsync(ct);
        Input.VoucherIds = Due.Where(d => d.CanPay).Select(d => d.VoucherId).ToList();
    }

    /// <summary>The reimbursements due (of the chosen call, or all) as CSV: what the list shows, the IBAN masked as on the page.</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync(xlsx: false, ct);

    /// <summary>The same as XLSX.</summary>
    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => ExportAsync(xlsx: true, ct);

    private async Task<IActionResult> ExportAsync(bool xlsx, CancellationToken ct)
    {
        var allianceId = User.AllianceId() ?? Guid.Empty;
        string? reference = null;
        if (CallId is { } callId)
        {
            reference = await db.Calls.AsNoTracking().Where(c => c.Id == callId && c.AllianceId == allianceId).Select(c => c.ReferenceNumber).FirstOrDefaultAsync(ct);
            if (reference is null)
            {
                return NotFound();
            }
        }

        var due = await work.DueAsync(allianceId, CallId, ct);
        var table = new ExportTable("liquidazioni", "Rimborsi da liquidare",
            [
                new ExportColumn("Domanda"), new ExportColumn("Bando"), new ExportColumn("Voucher"), new ExportColumn("Giustificativi", ExportKind.Integer),
                new ExportColumn("Beneficiario"), new ExportColumn("Tipo beneficiario"), new ExportColumn("IBAN"),
                new ExportColumn("Spesa ammessa", ExportKind.Euros), new ExportColumn("Rimborso", ExportKind.Euros), new ExportColumn("Recupero compensato", ExportKind.Euros),
                new ExportColumn("Bonifico", ExportKind.Euros), new ExportColumn("Liquidabile ora"), new ExportColumn("Note"),
            ],
            due.Select(d => (IReadOnlyList<object?>)
            [
                d.ProtocolNumber, d.CallTitle, d.VoucherCode, d.ReceiptCount, d.PayeeName, d.PayeeKind == PayeeKind.Family ? "Famiglia" : "Ente erogatore", d.PayeeIbanMasked,
                d.NewEligible, d.Due, d.Netted, d.Transfer, d.CanPay,
                string.Join(" ", d.Problems.Concat(d.Owed > d.Netted ? [$"La famiglia deve ancora restituire {Format.Money(d.Owed - d.Netted)} (recupero dopo una revoca)."] : [])),
            ]).ToList());
        return await ExportFile.DownloadAsync(audit, table, ExportFile.Name("liquidazioni", reference, clock.GetUtcNow()), xlsx, ct);
    }

    /// <summary>Shows the total of the ticked reimbursements against the calls' commitments; nothing is saved.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Input.VoucherIds.Count == 0)
        {
            ModelState.AddModelError("Input.VoucherIds", "Selezionare almeno un rimborso da liquidare.");
            return Page();
        }

        await SelectAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostProduceAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        if (allianceId is null)
        {
            return NotFound();
        }

        var result = await validator.ValidateAsync(Input, ct);
        if (!result.IsValid)
        {
            result.AddToModelState(ModelState, nameof(Input));
            await LoadAsync(ct);
            return Page();
        }

        var (batchId, error) = await work.ProduceAsync(allianceId.Value, Input.VoucherIds, Input.ExecutionDate!.Value, User.UserId() ?? Guid.Empty, ct);
        if (error is not null)
        {
            ModelState.AddModelError("", error);
            await LoadAsync(ct);
            await SelectAsync(ct);
            return Page();
        }

        TempData["Message"] = "Distinta prodotta: scaricare il file per la banca e, quando la banca conferma, registrare il pagamento con la data valuta.";
        return RedirectToPage("./Details", new { id = batchId });
    }

    /// <summary>The next weekday after <paramref name="today"/> (banks do not execute on Saturday and Sunday).</summary>
    public static DateOnly NextBusinessDay(DateOnly today)
    {
        var day = today.AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId() ?? Guid.Empty;
        Calls = (await db.Calls.AsNoTracking().Where(c => c.AllianceId == allianceId && db.Vouchers.Any(v => v.CallId == c.Id))
                .OrderByDescending(c => c.ReferenceNumber).Select(c => new { c.Id, c.ReferenceNumber, c.Title }).ToListAsync(ct))
            .Select(c => (c.Id, $"{c.ReferenceNumber} - {c.Title}")).ToList();
        if (CallId is { } call && Calls.All(c => c.Id != call))
        {
            CallId = null;
        }

        Due = await work.DueAsync(allianceId, CallId, ct);
        AccountProblem = await work.AccountProblemAsync(allianceId, ct);
        Batches = await db.PayoutBatches.AsNoTracking().Where(b => b.AllianceId == allianceId)
            .OrderByDescending(b => b.ProducedAt).Take(100)
            .Select(b => new BatchRow(b.Id, b.Number, b.ProducedAt, b.RequestedExecutionDate, b.Lines.Count, b.Total, b.Status, b.ValueDate))
            .ToListAsync(ct);
    }

    private async Task SelectAsync(CancellationToken ct)
    {
        var chosen = Due.Where(d => Input.VoucherIds.Contains(d.VoucherId) && d.CanPay).ToList();
        if (chosen.Count == 0)
        {
            return;
        }

        var calls = chosen.Select(d => d.CallId).Distinct().ToArray();
        var committed = await db.Grants.AsNoTracking().Where(g => calls.Contains(g.CallId) && g.Status == GrantStatus.Active).SumAsync(g => g.Amount, ct);
        var claimed = await db.Vouchers.AsNoTracking().Where(v => calls.Contains(v.CallId)).SumAsync(v => v.Claimed, ct);
        Selected = new Selection(chosen.Count, chosen.Sum(d => d.Due), chosen.Sum(d => d.Netted), chosen.Sum(d => d.Transfer), committed, claimed);
    }
}
