using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>
/// The call's rules and texts, changed in place while no application has been submitted. Once the
/// call is frozen the page says so and leads to <see cref="AmendModel"/>.
/// </summary>
public sealed class RulesModel(AppDbContext db, AuditLog audit, IValidator<RulesForm> validator) : PageModel
{
    [BindProperty]
    public RulesForm Rules { get; set; } = new();

    public Call Call { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var call = await db.FindCallAsync(id, User.AllianceId(), ct);
        if (call is null)
        {
            return NotFound();
        }

        Call = call;
        Rules = RulesForm.From(call.Rules, call.ActionCode, call.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var call = await db.FindCallAsync(id, User.AllianceId(), ct);
        if (call is null)
        {
            return NotFound();
        }

        Call = call;
        Rules.ActionCode = call.ActionCode;
        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Rules, ct);
        if (!validation.IsValid || !ModelState.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Rules));
            return Page();
        }

        try
        {
            db.ExpectVersion(call, Rules.Version);
            call.ReviseRules(Rules.ToRules());
            audit.Add(AuditActions.CallRulesUpdated, nameof(Call), call.Id.ToString(), call.CurrentVersionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Rules", ex.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("Rules", Concurrency.Message);
            return Page();
        }

        TempData["Message"] = "Regole del bando salvate.";
        return RedirectToPage("./Details", new { id });
    }
}
