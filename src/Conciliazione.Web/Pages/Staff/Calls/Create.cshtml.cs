using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>A new draft call under a voucher action (A or B) of one of the alliance's open projects.</summary>
public sealed class CreateModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<CallForm> validator) : PageModel
{
    [BindProperty]
    public CallForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> ActionOptions { get; private set; } = [];

    /// <summary>What each open project still has for vouchers, shown before the operator types a budget.</summary>
    public IReadOnlyList<(string Project, VoucherBudget Budget)> BudgetsLeft { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadOptionsAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadOptionsAsync(ct);
        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        validation.AddToModelState(ModelState, nameof(Input));
        var allianceId = User.AllianceId();
        var project = Input.ActionId is { } actionId
            ? await db.Projects.Include(p => p.Actions).FirstOrDefaultAsync(p => p.AllianceId == allianceId && p.Actions.Any(a => a.Id == actionId), ct)
            : null;
        if (project is null)
        {
            ModelState.AddModelError("Input.ActionId", "Scegliere l'azione del progetto a cui appartiene il bando.");
        }

        if (!ModelState.IsValid || project is null || allianceId is not { } alliance)
        {
            return Page();
        }

        if (await db.Calls.AnyAsync(c => c.AllianceId == alliance && c.ReferenceNumber == Input.ReferenceNumber.Trim(), ct))
        {
            ModelState.AddModelError("Input.ReferenceNumber", "Esiste già un bando con questo numero di riferimento.");
            return Page();
        }

        Call? call = null;
        try
        {
            await db.ChangeWithinBudgetAsync(project.Id, null, budget =>
            {
                call ??= Call.CreateDraft(alliance, project, Input.ActionId!.Value, Input.ToDetails(), budget, clock.GetUtcNow(), User.UserId());
                if (db.Entry(call).State == EntityState.Detached)
                {
                    db.Calls.Add(call);
                    audit.Add(AuditActions.CallCreated, nameof(Call), call.Id.ToString(), call.ReferenceNumber);
                }
            }, ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainErrors(ex, nameof(Input), nameof(Input));
            return Page();
        }

        TempData["Message"] = "Bando creato in bozza. Completa le regole, carica il documento e pubblicalo.";
        return RedirectToPage("./Details", new { id = call!.Id });
    }

    private async Task LoadOptionsAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var actions = await db.ProjectActions.AsNoTracking()
            .Join(db.Projects, a => a.ProjectId, p => p.Id, (a, p) => new { a.Id, a.Code, a.Title, ProjectId = p.Id, Project = p.Title, p.AllianceId, p.Status, p.StartDate })
            .Where(x => x.AllianceId == allianceId && x.Status == ProjectStatus.Active && (x.Code == "A" || x.Code == "B"))
            .OrderByDescending(x => x.StartDate).ThenBy(x => x.Code)
            .ToListAsync(ct);
        var budgets = new List<(string, VoucherBudget)>();
        foreach (var project in actions.Select(a => (a.ProjectId, a.Project)).Distinct())
        {
            budgets.Add((project.Project, await db.ReadAsync(project.ProjectId, null, ct)));
        }

        BudgetsLeft = budgets;
        ActionOptions = [new SelectListItem("Scegli l'azione", ""), .. actions.Select(a => new SelectListItem($"{a.Project} - azione {a.Code}: {a.Title}", a.Id.ToString()))];
    }
}
