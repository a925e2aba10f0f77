using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// "Rinuncia": a funded family gives its voucher up, or a waiting one its place on the reserve list.
/// A confirmation page that says what happens to the money, then the POST that does it through
/// <see cref="GrantsWork.RenounceAsync"/> (the released grant funds the next on the reserve list in
/// the same transaction). Another family's id is a 404 (the query is filtered by owner).
/// </summary>
/// <remarks>
/// A second submit (double click, back button, two tabs) finds the application already renounced
/// and goes back to the application's page without an error: nothing happens twice, because the
/// status moves only from Funded/WaitingList (domain and database trigger) and the grant is
/// released only while Active (ADR 0065).
/// </remarks>
public sealed class RenounceModel(AppDbContext db, ICallCatalog calls, GrantsWork work, IValidator<RenounceModel.InputModel> validator) : PageModel
{
    public const int MaxReasonLength = 1000;

    public sealed class InputModel
    {
        public string? Reason { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Reason).MaximumLength(MaxReasonLength).WithMessage($"Al massimo {MaxReasonLength} caratteri.");
        }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Application Application { get; private set; } = default!;
    public CallForApplicants Call { get; private set; } = default!;

    /// <summary>The active grant's amount (null on the reserve list).</summary>
    public decimal? Granted { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } other)
        {
            return other;
        }

        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        var refused = await work.RenounceAsync(id, User.UserId()!.Value, Input.Reason, ct);
        if (refused is not null)
        {
            // The same family's other submit may have won meanwhile: then there is nothing left to do.
            db.ChangeTracker.Clear();
            if (await LoadAsync(id, ct) is { } done)
            {
                return done;
            }

            ModelState.AddModelError(string.Empty, refused);
            return Page();
        }

        return RedirectToPage("./Details", new { id });
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var application = await db.OwnedBy(User.UserId()).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is null || application.IsDraft)
        {
            return NotFound();
        }

        var call = await calls.FindAsync(application.CallId, ct);
        if (call is null)
        {
            return NotFound();
        }

        (Application, Call) = (application, call);
        if (application.Status is not (ApplicationStatus.Funded or ApplicationStatus.WaitingList))
        {
            return RedirectToPage("./Details", new { id });
        }

        Granted = await db.Grants.AsNoTracking()
            .Where(g => g.ApplicationId == id && g.Status == Domain.Grants.GrantStatus.Active)
            .Select(g => (decimal?)g.Amount).SingleOrDefaultAsync(ct);
        return null;
    }
}
