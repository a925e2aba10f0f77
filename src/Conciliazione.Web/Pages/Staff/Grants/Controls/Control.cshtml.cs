using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Conciliazione.Web.Pages.Staff.Grants.Controls;

/// <summary>
/// The control of one sampled application: its documents (PDF, JPEG or PNG, checked by content and
/// size, stored as application documents under the control's key), its outcome with notes and, when
/// it failed, the revocation (DPR 445/2000 art. 75) through <see cref="GrantsWork.RevokeAsync"/>,
/// with grounds proposed from the notes that staff confirm or edit.
/// </summary>
/// <remarks>
/// Everything is looked up through the sample of the signed-in user's alliance: another alliance's
/// control, or a control reached with another call's id, is a 404. Control documents are internal
/// working papers: the family's pages do not list them (ADR 0071).
/// </remarks>
[RequestSizeLimit(UploadLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
public sealed class ControlModel(AppDbContext db, AuditLog audit, TimeProvider clock, GrantsWork grants, IValidator<ControlModel.OutcomeInput> outcomeValidator, IValidator<ControlModel.RevokeInput> revokeValidator) : PageModel
{
    /// <summary>Room for one 10 MB file plus the form; anything larger is refused by the server (413).</summary>
    public const long UploadLimit = FileSignature.MaxBytes + (512 * 1024);

    public sealed class OutcomeInput
    {
        public ControlOutcome? Outcome { get; set; }
        public string? Notes { get; set; }
    }

    public sealed class OutcomeValidator : AbstractValidator<OutcomeInput>
    {
        public OutcomeValidator()
        {
            RuleFor(x => x.Outcome).NotNull().WithMessage("Indicare l'esito del controllo.")
                .NotEqual(ControlOutcome.Pending).WithMessage("Indicare l'esito del controllo.");
            RuleFor(x => x.Notes).NotEmpty().When(x => x.Outcome == ControlOutcome.Failed)
                .WithMessage("Per un controllo non superato descrivere che cosa non corrisponde a quanto dichiarato.");
            RuleFor(x => x.Notes).MaximumLength(SelfDeclarationControl.MaxNotes).WithMessage($"Le note possono avere al massimo {SelfDeclarationControl.MaxNotes} caratteri.");
        }
    }

    public sealed class RevokeInput
    {
        public string? Reasons { get; set; }
    }

    public sealed class RevokeValidator : AbstractValidator<RevokeInput>
    {
        public RevokeValidator()
        {
            RuleFor(x => x.Reasons).NotEmpty().WithMessage("Indicare i motivi della revoca: la famiglia li legge nella comunicazione.")
                .MaximumLength(1000).WithMessage("I motivi possono avere al massimo 1000 caratteri.");
        }
    }

    public sealed record DocumentRow(Guid Id, string FileName, long SizeBytes, DateTimeOffset UploadedAt);

    [BindProperty]
    public OutcomeInput Input { get; set; } = new();

    [BindProperty]
    public RevokeInput Revoke { get; set; } = new();

    public Guid CallId { get; private set; }
    public string CallReference { get; private set; } = "";
    public SelfDeclarationControl Control { get; private set; } = default!;
    public string? CheckedBy { get; private set; }
    public ApplicationStatus ApplicationStatus { get; private set; }
    public string ApplicantName { get; private set; } = "";
    public IReadOnlyList<DocumentRow> Documents { get; private set; } = [];

    /// <summary>The active grant of the application (null once released): what a revocation frees.</summary>
    public (decimal Amount, decimal Paid)? ActiveGrant { get; private set; }

    /// <summary>A failed control on an application still funded: the revocation form is offered.</summary>
    public bool CanRevoke => Control.Outcome == ControlOutcome.Failed && ApplicationStatus == ApplicationStatus.Funded;

    public async Task<IActionResult> OnGetAsync(Guid callId, Guid controlId, CancellationToken ct)
    {
        if (!await LoadAsync(callId, controlId, ct))
        {
            return NotFound();
        }

        if (CanRevoke)
        {
            Revoke.Reasons = ControlLabels.RevocationGrounds(Control.ProtocolNumber, Control.Notes);
        }

        return Page();
    }

    /// <summary>A control document, to staff of the alliance only; every download is audited.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(Guid callId, Guid controlId, Guid documentId, CancellationToken ct)
    {
        if (!await LoadAsync(callId, controlId, ct) || Documents.All(d => d.Id != documentId))
        {
            return NotFound();
        }

        var file = await db.ApplicationDocuments.AsNoTracking().Where(d => d.Id == documentId)
            .Select(d => new { d.FileName, d.Kind, Bytes = d.Content!.Bytes }).SingleAsync(ct);
        await audit.WriteAsync(AuditActions.DocumentDownloaded, nameof(ApplicationDocument), documentId.ToString(), "controllo " + Control.Id, ct: ct);
        return File(file.Bytes, FileSignature.ContentType(file.Kind), file.FileName);
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid callId, Guid controlId, IFormFile? file, CancellationToken ct)
    {
        if (!await LoadAsync(callId, controlId, ct))
        {
            return NotFound();
        }

        ModelState.ClearBindingErrors();
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Scegliere un file da allegare.");
            return Page();
        }

        if (file.Length > FileSignature.MaxBytes)
        {
            ModelState.AddModelError("file", "Il file supera i 10 MB consentiti.");
            return Page();
        }

        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (FileSignature.Detect(bytes) is not { } kind)
        {
            ModelState.AddModelError("file", "Il file non è un PDF, un'immagine JPEG o PNG: il contenuto non corrisponde, qualunque sia l'estensione del nome.");
            return Page();
        }

        var document = ApplicationDocument.Create(Control.ApplicationId, Control.DocumentKey, file.FileName, kind, bytes, clock.GetUtcNow());
        db.ApplicationDocuments.Add(document);
        audit.Add(AuditActions.ControlRecorded, nameof(SelfDeclarationControl), Control.Id.ToString(), "documento allegato " + document.Id);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Documento allegato al controllo.";
        return RedirectToPage(new { callId, controlId });
    }

    public async Task<IActionResult> OnPostRecordAsync(Guid callId, Guid controlId, CancellationToken ct)
    {
        if (!await LoadAsync(callId, controlId, ct))
        {
            return NotFound();
        }

        ModelState.ClearBindingErrors();
        var validation = await outcomeValidator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        var control = await db.SelfDeclarationControls.SingleAsync(c => c.Id == Control.Id, ct);
        try
        {
            control.Record(Input.Outcome!.Value, Input.Notes, User.UserId()!.Value, clock.GetUtcNow());
            audit.Add(AuditActions.ControlRecorded, nameof(SelfDeclarationControl), control.Id.ToString(), "esito " + ControlLabels.Outcome(control.Outcome));
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            foreach (var error in e.Errors)
            {
                ModelState.AddModelError(error.Field is null ? string.Empty : nameof(Input) + "." + error.Field, error.Message);
            }

            await LoadAsync(callId, controlId, ct);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, "Nel frattempo un altro utente ha registrato l'esito di questo controllo: nulla è stato salvato. Ricaricare la pagina.");
            await LoadAsync(callId, controlId, ct);
            return Page();
        }

        TempData["Message"] = control.Outcome == ControlOutcome.Failed
            ? "Esito registrato: controllo non superato. Si può ora revocare il contributo."
            : "Esito registrato: controllo superato.";
        return RedirectToPage(new { callId, controlId });
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid callId, Guid controlId, CancellationToken ct)
    {
        if (!await LoadAsync(callId, controlId, ct))
        {
            return NotFound();
        }

        ModelState.ClearBindingErrors();
        if (!CanRevoke)
        {
            ModelState.AddModelError(string.Empty, Control.Outcome == ControlOutcome.Failed
                ? "La domanda non è più finanziata: non c'è un contributo da revocare."
                : "Si revoca il contributo solo dopo un controllo non superato.");
            return Page();
        }

        var validation = await revokeValidator.ValidateAsync(Revoke, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Revoke));
            return Page();
        }

        var refused = await grants.RevokeAsync(Control.ApplicationId, User.AllianceId()!.Value, Revoke.Reasons, User.UserId()!.Value, ct);
        if (refused is not null)
        {
            ModelState.AddModelError(nameof(Revoke) + "." + nameof(RevokeInput.Reasons), refused);
            await LoadAsync(callId, controlId, ct);
            return Page();
        }

        TempData["Message"] = ActiveGrant is { Paid: > 0m } grant
            ? "Contributo revocato: la famiglia è stata avvisata, l'importo è tornato al bando per la lista d'attesa e sono da recuperare " + Format.Money(grant.Paid) + "."
            : "Contributo revocato: la famiglia è stata avvisata e l'importo è tornato al bando per la lista d'attesa.";
        return RedirectToPage(new { callId, controlId });
    }

    private async Task<bool> LoadAsync(Guid callId, Guid controlId, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var found = await (from c in db.SelfDeclarationControls.AsNoTracking()
                           join s in db.ControlSamples.AsNoTracking() on c.SampleId equals s.Id
                           join call in db.Calls.AsNoTracking() on s.CallId equals call.Id
                           join a in db.Applications.AsNoTracking() on c.ApplicationId equals a.Id
                           where c.Id == controlId && s.CallId == callId && s.AllianceId == allianceId && a.AllianceId == allianceId
                           select new { Control = c, Reference = call.ReferenceNumber, a.Status, a.Applicant.GivenName, a.Applicant.FamilyName }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return false;
        }

        (CallId, CallReference, Control, ApplicationStatus) = (callId, found.Reference, found.Control, found.Status);
        ApplicantName = (found.GivenName + " " + found.FamilyName).Trim();
        CheckedBy = found.Control.CheckedBy is { } by ? await db.Users.Where(u => u.Id == by).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) : null;
        var key = found.Control.DocumentKey;
        var applicationId = found.Control.ApplicationId;
        Documents = await db.ApplicationDocuments.AsNoTracking()
            .Where(d => d.ApplicationId == applicationId && d.RequirementKey == key)
            .OrderBy(d => d.UploadedAt)
            .Select(d => new DocumentRow(d.Id, d.FileName, d.SizeBytes, d.UploadedAt)).ToListAsync(ct);
        var grant = await db.Grants.AsNoTracking().Where(g => g.ApplicationId == applicationId && g.Status == GrantStatus.Active)
            .Select(g => new { g.Amount, g.Paid }).FirstOrDefaultAsync(ct);
        ActiveGrant = grant is null ? null : (grant.Amount, grant.Paid);
        return true;
    }
}
