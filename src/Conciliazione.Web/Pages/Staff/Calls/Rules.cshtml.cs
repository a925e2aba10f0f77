using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>
/// The call's rules and texts: rewritten in place while the call is a draft; once it is published
/// every save is a new numbered version with its reason (<see cref="Call.ChangeRules"/>), and each
/// family with a draft application for the call gets a notice, in the same transaction.
/// </summary>
public sealed class RulesModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<RulesForm> validator) : PageModel
{
    [BindProperty]
    public RulesForm Rules { get; set; } = new();

    /// <summary>Why the rules of a published call change: shown to families on the public page.</summary>
    [BindProperty]
    public string? Reason { get; set; }

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
        validation.AddToModelState(ModelState, nameof(Rules));
        if (Reason is { Length: > 2000 })
        {
            ModelState.AddModelError(nameof(Reason), "Al massimo 2000 caratteri.");
        }

        if (call.IsFrozen)
        {
            // Frozen rules are changed on the amendment page, which explains what happens to submitted applications.
            ModelState.AddModelError(nameof(Rules), Call.FrozenMessage);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            db.ExpectVersion(call, Rules.Version);
            var now = clock.GetUtcNow();
            var version = await db.ChangeCallRulesAsync(call, Rules.ToRules(), Reason, User.UserId(), now, ct);
            if (version is not null)
            {
                await CallRuleChangeMails.AddAsync(db, call, version, now, ct);
            }

            audit.Add(version is null ? AuditActions.CallRulesUpdated : AuditActions.CallAmended, nameof(Call), call.Id.ToString(), call.CurrentVersionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainErrors(ex, nameof(Rules));
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("Rules", Concurrency.Message);
            return Page();
        }

        TempData["Message"] = call.Status == CallStatus.Draft
            ? "Regole del bando salvate."
            : $"Regole modificate: versione {call.CurrentVersionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)}, pubblicata con il motivo sulla pagina del bando.";
        return RedirectToPage("./Details", new { id });
    }
}
