using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Privacy;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Alliance;

/// <summary>
/// The alliance's retention period: how many months after an application is closed the retention job
/// erases its personal data (<see cref="Retention"/>, ADR 0139). Staff see it; only administrators change it.
/// </summary>
/// <remarks>
/// Erasure cannot be undone, so shortening the period is an administrator's act, audited (old and new
/// value in the details: no personal data).
/// </remarks>
public sealed class RetentionModel(AppDbContext db, AuditLog audit, IValidator<RetentionModel.InputModel> validator) : PageModel
{
    public sealed class InputModel
    {
        /// <summary>Months, or empty for "not set" (nothing is erased).</summary>
        public int? Months { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Months).InclusiveBetween(Retention.MinMonths, Retention.MaxMonths)
                .WithMessage($"Indicare un numero di mesi tra {Retention.MinMonths} e {Retention.MaxMonths}, oppure lasciare vuoto.");
        }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public int? Current { get; private set; }

    public bool CanEdit => User.IsInRole(Roles.Admin);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var alliance = await FindAsync(ct);
        if (alliance is null)
        {
            return NotFound();
        }

        Current = alliance.RetentionMonths;
        Input = new InputModel { Months = Current };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var alliance = await FindAsync(ct);
        if (alliance is null)
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return Forbid();
        }

        Current = alliance.RetentionMonths;
        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!ModelState.IsValid || !validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        try
        {
            alliance.SetRetention(Input.Months);
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainErrors(ex, nameof(Input), nameof(Input));
            return Page();
        }

        audit.Add(AuditActions.RetentionChanged, nameof(Domain.Alliances.Alliance), alliance.Id.ToString(),
            $"from={Current?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"};to={Input.Months?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "Periodo di conservazione salvato.";
        return RedirectToPage();
    }

    private Task<Domain.Alliances.Alliance?> FindAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        return db.Alliances.FirstOrDefaultAsync(a => a.Id == allianceId, ct);
    }
}
