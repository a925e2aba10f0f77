using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using Conciliazione.Web.Vouchers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Conciliazione.Web.Pages.Family.Vouchers;

/// <summary>
/// The family uploads a receipt (giustificativo) for its voucher: number and date, the period of
/// service paid, the child (one of the application's), the provider (the voucher's, fixed when it is
/// in the registry), the amount (typed as text, two decimals at most), how it was paid and when, the
/// receipt file and the proof of a traceable payment. With <c>?corrects=</c> the form starts from a
/// rejected receipt and uploads its correction. Every field is checked by <see cref="Receipt.Submit"/>
/// and duplicates by <see cref="ReceiptWork"/>; what was typed stays after an error (the files must
/// be chosen again: browsers never keep them). Another family's voucher or receipt is a 404.
/// </summary>
[RequestSizeLimit(UploadLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
public sealed class ReceiptModel(ReceiptWork work) : PageModel
{
    /// <summary>Two files of 10 MB and the form.</summary>
    public const long UploadLimit = (2 * FileSignature.MaxBytes) + (512 * 1024);

    public sealed class InputModel
    {
        public string? Number { get; set; }
        public DateOnly? IssuedOn { get; set; }
        public DateOnly? PeriodFrom { get; set; }
        public DateOnly? PeriodTo { get; set; }
        public string? ChildFiscalCode { get; set; }
        public Guid? ProviderId { get; set; }
        public string? ProviderName { get; set; }
        public string? Amount { get; set; }
        public PaymentMethod? Method { get; set; }
        public DateOnly? PaidOn { get; set; }
        public IFormFile? Document { get; set; }
        public IFormFile? Proof { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>The rejected receipt this upload corrects.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Corrects { get; set; }

    public Voucher Voucher { get; private set; } = default!;
    public ReceiptSetting Setting { get; private set; } = default!;
    public Receipt? Rejected { get; private set; }

    public IReadOnlyList<SelectListItem> ChildOptions =>
        [new("Scegli il figlio", ""), .. Setting.Children.Select(c => new SelectListItem($"{c.Name} ({c.FiscalCode})", c.FiscalCode))];

    public IReadOnlyList<SelectListItem> MethodOptions =>
        [new("Scegli come hai pagato", ""), .. Enum.GetValues<PaymentMethod>().Where(m => m != PaymentMethod.Cash || Setting.CashAllowed).Select(m => new SelectListItem(Receipt.Italian(m), m.ToString()))];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } instead)
        {
            return instead;
        }

        if (Rejected is { } r)
        {
            Input = new InputModel
            {
                Number = r.Number,
                IssuedOn = r.IssuedOn,
                PeriodFrom = r.PeriodFrom,
                PeriodTo = r.PeriodTo,
                ChildFiscalCode = r.ChildFiscalCode,
                ProviderId = Voucher.ProviderId,
                ProviderName = r.ProviderName,
                Amount = Money.ToInput(r.Amount),
                Method = r.Method,
                PaidOn = r.PaidOn,
            };
        }
        else
        {
            Input = new InputModel
            {
                ProviderId = Voucher.ProviderId,
                ProviderName = Voucher.ProviderName,
                ChildFiscalCode = Setting.Children.Count == 1 ? Setting.Children[0].FiscalCode : null,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } instead)
        {
            return instead;
        }

        ModelState.ReplaceBindingErrors();
        string? amountError = null;
        decimal? amount = null;
        if (!string.IsNullOrWhiteSpace(Input.Amount))
        {
            if (Money.TryParse(Input.Amount, out var parsed, out var error))
            {
                amount = parsed;
            }
            else
            {
                amountError = "Importo: " + error;
                ModelState.AddModelError("Input.Amount", amountError);
            }
        }

        var details = new ReceiptDetails(Input.Number, Input.IssuedOn, Input.PeriodFrom, Input.PeriodTo, Input.ChildFiscalCode,
            Input.ProviderId, Input.ProviderName, amount, Input.Method, Input.PaidOn);
        try
        {
            var document = await ReadAsync(Input.Document, ct);
            var proof = await ReadAsync(Input.Proof, ct);
            if (!ModelState.IsValid)
            {
                // A date typed in a way that cannot be read: say so with the rest, but save nothing.
                try
                {
                    Receipt.Submit(Setting.Context(work.Today), details, document, proof, User.UserId() ?? Guid.Empty, work.Now, Rejected);
                }
                catch (DomainException e)
                {
                    AddErrors(e, amountError is not null);
                }

                return Page();
            }

            await work.SubmitAsync(Setting, details, document, proof, Rejected, User.UserId()!.Value, ct);
        }
        catch (DomainException e)
        {
            AddErrors(e, amountError is not null);
            return Page();
        }

        TempData["Message"] = Rejected is null
            ? "Giustificativo caricato: l'ufficio lo verifica e ti scrive l'esito."
            : "Giustificativo corretto caricato: l'ufficio lo verifica e ti scrive l'esito.";
        return RedirectToPage("./Details", new { id });
    }

    private void AddErrors(DomainException e, bool amountAlreadyWrong)
    {
        var reasons = amountAlreadyWrong ? e.Errors.Where(x => x.Field != "Amount").ToList() : e.Errors.ToList();
        if (e.Errors.Count == 0)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return;
        }

        foreach (var error in reasons)
        {
            var key = string.IsNullOrEmpty(error.Field) ? string.Empty : "Input." + error.Field;

            // A field the page already found unreadable (a date typed as text) keeps that one message.
            if (key.Length == 0 || ModelState.GetFieldValidationState(key) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            {
                ModelState.AddModelError(key, error.Message);
            }
        }
    }

    private static async Task<UploadedFile?> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return null;
        }

        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return new UploadedFile(file.FileName, buffer.ToArray());
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var setting = await work.SettingAsync(id, User.UserId(), ct);
        if (setting is null)
        {
            return NotFound();
        }

        (Setting, Voucher) = (setting, setting.Voucher);
        if (Corrects is { } correctsId)
        {
            Rejected = await work.RejectedAsync(id, correctsId, ct);
            if (Rejected is null)
            {
                return NotFound();
            }
        }

        var status = Voucher.StatusOn(work.Today);
        if (status is not (VoucherStatus.Issued or VoucherStatus.InUse))
        {
            return RedirectToPage("./Details", new { id });
        }

        return null;
    }
}
