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
/// A rettifica of frozen rules: a new version with its reason. Earlier versions stay as they were,
/// because submitted applications refer to them.
/// </summary>
/// <remarks>Same decision as <see cref="RulesModel"/> on a published call (<see cref="Call.ChangeRules"/>), with the same notices to families.</remarks>
public sealed class AmendModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<RulesForm> validator) : PageModel
{
    [BindProperty]
    public RulesForm Rules { get; set; } = new();

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
        if (string.IsNullOrWhiteSpace(Reason))
        {
            ModelState.AddModelError(nameof(Reason), "Indicare il motivo della rettifica.");
        }
        else if (Reason.Length > 2000)
        {
            ModelState.AddModelError(nameof(Reason), "Al massimo 2000 caratteri.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            db.ExpectVersion(call, Rules.Version);
            if (call.Status == CallStatus.Draft)
            {
                throw new DomainException("Il bando è in bozza: le regole si modificano direttamente, senza rettifica.");
            }

            var now = clock.GetUtcNow();
            var version = (await db.ChangeCallRulesAsync(call, Rules.ToRules(), Reason, User.UserId(), now, ct))!;
            await CallRuleChangeMails.AddAsync(db, call, version, now, ct);
            audit.Add(AuditActions.CallAmended, nameof(Call), call.Id.ToString(), version.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
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

        TempData["Message"] = "Rettifica registrata: le nuove regole valgono da ora, le domande già presentate restano con la versione precedente.";
        return RedirectToPage("./Details", new { id });
    }
}
