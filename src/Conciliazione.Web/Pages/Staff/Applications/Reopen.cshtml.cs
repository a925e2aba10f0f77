using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using Conciliazione.Web.Review;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Staff.Applications;

/// <summary>
/// "Riapri": the only way to correct a decision. The current decision stays on record with the
/// reopen reason; the application goes back to review and takes its children's claims back (a
/// non-admitted application whose child meanwhile got another application cannot be reopened).
/// </summary>
public sealed class ReopenModel(ReviewWork work, AppDbContext db, IValidator<ReopenModel.InputModel> validator) : PageModel
{
    public const int MaxReasonLength = 1000;

    public sealed class InputModel
    {
        public string? Reason { get; set; }
        public uint Version { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Reason).NotEmpty().WithMessage("Indicare il motivo della riapertura: resta nella storia della domanda.")
                .MaximumLength(MaxReasonLength).WithMessage($"Al massimo {MaxReasonLength} caratteri.");
        }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Application Application { get; private set; } = default!;

    public bool CanReopen => Application.Status is ApplicationStatus.Admitted or ApplicationStatus.NotAdmitted && Application.CurrentDecision is not null && RankingRefusal is null;

    /// <summary>Why the call's frozen or published ranking keeps this decision from being reopened (null when it does not).</summary>
    public string? RankingRefusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var application = await work.LoadAsync(id, User.AllianceId(), ct);
        if (application is null)
        {
            return NotFound();
        }

        (Application, Input) = (application, new InputModel { Version = work.VersionOf(application) });
        RankingRefusal = await RankingGuard.ReopenRefusalAsync(db, application.CallId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var application = await work.LoadAsync(id, User.AllianceId(), ct);
        if (application is null)
        {
            return NotFound();
        }

        Application = application;
        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid || !ModelState.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        if (work.VersionOf(application) != Input.Version)
        {
            ModelState.AddModelError("", await work.WhoChangedAsync(application.Id, application.FamilyUserId, ct));
            return Page();
        }

        try
        {
            application.Reopen(Input.Reason, User.UserId()!.Value, work.Now);
        }
        catch (DomainException e)
        {
            foreach (var error in e.Errors)
            {
                ModelState.AddModelError(error.Field is null ? "" : "Input." + error.Field, error.Message);
            }

            return Page();
        }

        // Under a share lock on the call row, so a freeze running now is either seen or waits (ADR 0056).
        var refused = await work.SaveAsync(application, Input.Version, AuditActions.ApplicationReopened, null, null, c => RankingGuard.LockAndRefuseReopenAsync(db, application.CallId, c), ct);
        if (refused is not null)
        {
            Application = (await work.LoadAsync(id, User.AllianceId(), ct))!;
            RankingRefusal = await RankingGuard.ReopenRefusalAsync(db, Application.CallId, ct);
            // The ranking's refusal has its own box on the page: the error summary would repeat it.
            if (RankingRefusal != refused)
            {
                ModelState.AddModelError("", refused);
            }

            return Page();
        }

        TempData["Message"] = "Domanda riaperta: è di nuovo in istruttoria. La decisione precedente resta nello storico con il motivo della riapertura.";
        return RedirectToPage("./Details", new { id });
    }
}
