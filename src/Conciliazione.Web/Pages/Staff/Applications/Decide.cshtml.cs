using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using Conciliazione.Web.Notifications.Templates;
using Conciliazione.Web.Pages.Staff.Calls;
using Conciliazione.Web.Review;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Applications;

/// <summary>
/// The decision (esito istruttoria): admit or not admit an application in review, with reasons
/// chosen from the frozen call version's <see cref="CallRules.DecisionReasons"/> plus free text.
/// Saved through <see cref="ReviewWork"/> (audit, child claims released on non admission, the
/// family's notification, whose job renders the decision letter: ADR 0050).
/// </summary>
/// <remarks>
/// The form carries the application's <c>xmin</c>: a decision posted on a page older than the
/// application (another reviewer's step, or the same form posted twice) changes nothing and tells
/// who changed what; a race between two posts loses at the UPDATE (xmin and status) and at the
/// unique index on the current decision.
/// </remarks>
public sealed class DecideModel(AppDbContext db, ReviewWork work, AuditLog audit, IValidator<DecideModel.InputModel> validator) : PageModel
{
    public sealed class InputModel
    {
        public DecisionOutcome? Outcome { get; set; }
        public List<string> Reasons { get; set; } = [];
        public string? Note { get; set; }
        public uint Version { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Outcome).NotNull().WithMessage("Scegliere l'esito: ammessa o non ammessa.");
            RuleFor(x => x.Note).MaximumLength(ApplicationDecision.MaxNoteLength).WithMessage($"Al massimo {ApplicationDecision.MaxNoteLength} caratteri.");
        }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Application Application { get; private set; } = default!;
    public string CallLabel { get; private set; } = "";
    public int RulesVersionNumber { get; private set; }

    /// <summary>The reasons of the frozen call version the application was submitted under.</summary>
    public IReadOnlyList<string> ReasonChoices { get; private set; } = [];

    public bool CanDecide => Application.Status == ApplicationStatus.InReview;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Input = new InputModel { Version = work.VersionOf(Application) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid || !ModelState.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        if (work.VersionOf(Application) != Input.Version)
        {
            // Someone saved a step after this form was read (or the form was posted twice).
            ModelState.AddModelError("", await work.WhoChangedAsync(Application.Id, Application.FamilyUserId, ct));
            return Page();
        }

        // Only the frozen version's templates: a tampered value is not a reason the call lists.
        var reasons = ReasonChoices.Where(r => Input.Reasons.Contains(r, StringComparer.Ordinal)).ToList();
        ApplicationDecision decision;
        try
        {
            decision = Application.Decide(Input.Outcome!.Value, reasons, Input.Note, User.UserId()!.Value, work.Now);
        }
        catch (DomainException e)
        {
            foreach (var error in e.Errors)
            {
                ModelState.AddModelError(error.Field is null ? "" : "Input." + error.Field, error.Message);
            }

            return Page();
        }

        var admitted = decision.Outcome == DecisionOutcome.Admitted;
        INotificationModel notify = admitted
            ? new AdmittedModel(Application.Id, Application.ProtocolNumber!)
            : new NotAdmittedModel(Application.Id, Application.ProtocolNumber!, decision.AllReasons.ToList());
        var refused = await work.SaveAsync(Application, Input.Version, AuditActions.ApplicationDecided, decision.Outcome.ToString(), notify, ct);
        if (refused is not null)
        {
            ModelState.AddModelError("", refused);
            await LoadAsync(id, ct);
            return Page();
        }

        TempData["Message"] = admitted
            ? "Esito registrato: domanda ammessa. La lettera per la famiglia è in preparazione: la riceverà con la notifica."
            : "Esito registrato: domanda non ammessa. La lettera con i motivi è in preparazione e sarà inviata alla famiglia.";
        return RedirectToPage("./Details", new { id });
    }

    /// <summary>The decision letter of one of the application's decisions (staff of the alliance only; anything else is a 404).</summary>
    public async Task<IActionResult> OnGetLetterAsync(Guid id, Guid decisionId, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var file = await db.ApplicationDecisions.AsNoTracking()
            .Where(d => d.Id == decisionId && d.ApplicationId == id && d.LetterDocumentId != null
                && db.Applications.Any(a => a.Id == id && a.AllianceId == allianceId && a.Status != ApplicationStatus.Draft))
            .Join(db.ApplicationDocuments, d => d.LetterDocumentId, doc => doc.Id, (d, doc) => new { doc.Id, doc.FileName, doc.Kind, Bytes = doc.Content!.Bytes })
            .SingleOrDefaultAsync(ct);
        if (file is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.DocumentDownloaded, "ApplicationDocument", file.Id.ToString(), ct: ct);
        return File(file.Bytes, FileSignature.ContentType(file.Kind), file.FileName);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var application = await work.LoadAsync(id, User.AllianceId(), ct);
        if (application is null)
        {
            return false;
        }

        var call = await db.Calls.AsNoTracking().Include(c => c.Versions).SingleAsync(c => c.Id == application.CallId, ct);
        var version = call.Versions.SingleOrDefault(v => v.Id == application.CallVersionId) ?? call.CurrentVersion;
        (Application, CallLabel, RulesVersionNumber, ReasonChoices) = (application, call.ReferenceNumber + " · " + call.Title, version.Number, version.Rules.DecisionReasons);
        return true;
    }
}
