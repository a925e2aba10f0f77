using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using Conciliazione.Web.Vouchers;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Conciliazione.Web.Pages.Staff.Receipts;

/// <summary>
/// One receipt with every field the family typed, its two files (downloads audited) and the
/// decision: validate with the eligible amount (the receipt's amount unless staff lower it) or
/// reject with the reason the family reads. Saved through <see cref="ReceiptReview"/>.
/// </summary>
public sealed class DetailsModel(AppDbContext db, ReceiptReview review, AuditLog audit, TimeProvider clock,
    IValidator<DetailsModel.ValidateInput> validateValidator, IValidator<DetailsModel.RejectInput> rejectValidator) : PageModel
{
    public sealed class ValidateInput
    {
        /// <summary>Typed as text, parsed by <see cref="Money.TryParse"/>.</summary>
        public string? Eligible { get; set; }

        public uint Version { get; set; }
    }

    public sealed class ValidateValidator : AbstractValidator<ValidateInput>
    {
        public ValidateValidator()
        {
            RuleFor(x => x.Eligible).Custom((text, ctx) =>
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    ctx.AddFailure("Indicare l'importo ammissibile (al massimo l'importo della ricevuta).");
                }
                else if (!Money.TryParse(text, out _, out var error))
                {
                    ctx.AddFailure("Importo ammissibile: " + error);
                }
            });
        }
    }

    public sealed class RejectInput
    {
        public string? Reason { get; set; }

        public uint Version { get; set; }
    }

    public sealed class RejectValidator : AbstractValidator<RejectInput>
    {
        public RejectValidator()
        {
            RuleFor(x => x.Reason).NotEmpty().WithMessage("Indicare il motivo: la famiglia lo legge per correggere il giustificativo.")
                .MaximumLength(1000).WithMessage("Al massimo 1000 caratteri.");
        }
    }

    public sealed record FileRow(Guid Id, ReceiptFileKind Kind, string FileName, long SizeBytes);

    public sealed record Facts(string VoucherCode, VoucherStatus VoucherStatus, Guid ApplicationId, string? Protocol, string CallReference, string CallTitle,
        string Applicant, bool CashAllowed, string? CorrectsNumber, Guid? CorrectedById);

    [BindProperty]
    public ValidateInput Validation { get; set; } = new();

    [BindProperty]
    public RejectInput Rejection { get; set; } = new();

    public Receipt Receipt { get; private set; } = default!;
    public Facts About { get; private set; } = default!;
    public IReadOnlyList<FileRow> Files { get; private set; } = [];
    public string? ReviewerName { get; private set; }
    public DateOnly Today { get; private set; }

    public bool CanDecide => Receipt.Status == ReceiptStatus.Submitted;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Validation = new ValidateInput { Eligible = Money.ToInput(Receipt.Amount), Version = Receipt.Version };
        Rejection = new RejectInput { Version = Receipt.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostValidateAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        Rejection = new RejectInput { Version = Validation.Version };
        var validation = await validateValidator.ValidateAsync(Validation, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Validation));
            return Page();
        }

        Money.TryParse(Validation.Eligible, out var eligible, out _);
        return await DecideAsync(id, () => review.ValidateAsync(Receipt, Validation.Version, eligible, User.UserId()!.Value, ct), nameof(Validation),
            $"Giustificativo convalidato: importo ammissibile {Money.Format(eligible)}. La famiglia riceve una notifica.", ct);
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        Validation = new ValidateInput { Eligible = Validation.Eligible ?? Money.ToInput(Receipt.Amount), Version = Rejection.Version };
        var validation = await rejectValidator.ValidateAsync(Rejection, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Rejection));
            return Page();
        }

        return await DecideAsync(id, () => review.RejectAsync(Receipt, Rejection.Version, Rejection.Reason, User.UserId()!.Value, ct), nameof(Rejection),
            "Giustificativo respinto. La famiglia riceve il motivo e può caricarne uno corretto.", ct);
    }

    /// <summary>The receipt or the payment proof: staff of the receipt's alliance only (404 otherwise), audited.</summary>
    public async Task<IActionResult> OnGetFileAsync(Guid id, Guid fileId, bool inline, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var file = await db.ReceiptFiles.AsNoTracking()
            .Where(f => f.Id == fileId && f.ReceiptId == id && db.Receipts.Any(r => r.Id == f.ReceiptId && r.AllianceId == allianceId))
            .Select(f => new { f.FileName, f.ContentKind, f.Kind, f.Content })
            .SingleOrDefaultAsync(ct);
        if (file is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.ReceiptFileDownloaded, nameof(ReceiptFile), fileId.ToString(), file.Kind + (inline ? " inline" : " attachment"), ct: ct);
        if (!inline)
        {
            return File(file.Content, FileSignature.ContentType(file.ContentKind), file.FileName);
        }

        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(file.FileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        return File(file.Content, FileSignature.ContentType(file.ContentKind));
    }

    private async Task<IActionResult> DecideAsync(Guid id, Func<Task<string?>> decide, string form, string done, CancellationToken ct)
    {
        string? refused;
        try
        {
            refused = await decide();
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainErrors(ex, form, form);
            return Page();
        }

        if (refused is not null)
        {
            // Show the receipt as it is now (decided by someone else, or changed), with why nothing was saved.
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            ModelState.AddModelError("", refused);
            return Page();
        }

        TempData["Message"] = done;
        return RedirectToPage("./Details", new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var receipt = await review.LoadAsync(id, User.AllianceId(), ct);
        if (receipt is null)
        {
            return false;
        }

        Receipt = receipt;
        Today = clock.TodayInRome();
        var facts = await (from v in db.Vouchers.AsNoTracking()
                           join a in db.Applications on v.ApplicationId equals a.Id
                           join c in db.Calls on v.CallId equals c.Id
                           where v.Id == receipt.VoucherId
                           select new { v.Code, v.Status, a.Id, a.ProtocolNumber, c.ReferenceNumber, c.Title, a.Applicant.GivenName, a.Applicant.FamilyName, c.CurrentVersionNumber, CallId = c.Id })
            .SingleAsync(ct);
        var rules = await db.CallVersions.AsNoTracking().Where(cv => cv.CallId == facts.CallId && cv.Number == facts.CurrentVersionNumber).Select(cv => cv.Rules).FirstOrDefaultAsync(ct);
        var cash = rules?.Payment.CashAllowed ?? false;
        var corrects = receipt.CorrectsId is { } previous ? await db.Receipts.AsNoTracking().Where(r => r.Id == previous).Select(r => r.Number).FirstOrDefaultAsync(ct) : null;
        var correctedBy = await db.Receipts.AsNoTracking().Where(r => r.CorrectsId == receipt.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        About = new Facts(facts.Code, facts.Status, facts.Id, facts.ProtocolNumber, facts.ReferenceNumber, facts.Title, facts.GivenName + " " + facts.FamilyName, cash, corrects, correctedBy);
        Files = await db.ReceiptFiles.AsNoTracking().Where(f => f.ReceiptId == id).OrderBy(f => f.Kind)
            .Select(f => new FileRow(f.Id, f.Kind, f.FileName, f.SizeBytes)).ToListAsync(ct);
        ReviewerName = receipt.ReviewedBy is { } by ? await db.Users.AsNoTracking().Where(u => u.Id == by).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        return true;
    }
}
