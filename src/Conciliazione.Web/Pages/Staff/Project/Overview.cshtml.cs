using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project;

/// <summary>
/// A project at a glance for staff: period and extensions, budget by category, funding and
/// co-financing per partner, whether the plan reconciles (and what does not add up), actions.
/// Approving the budget plan and closing the project happen here.
/// </summary>
public sealed class OverviewModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record PartnerRow(string Name, decimal Cash, decimal InKind);

    public sealed record ActionRow(Guid Id, string Code, string Title, int Indicators);

    public Domain.Projects.Project Project { get; private set; } = default!;
    public IReadOnlyList<PartnerRow> Partners { get; private set; } = [];
    public IReadOnlyList<ActionRow> Actions { get; private set; } = [];
    public IReadOnlyList<string> Discrepancies { get; private set; } = [];

    /// <summary>The cost categories after reallocations, with what the calls hold against D.</summary>
    public IReadOnlyList<CategoryBalance> Balances { get; private set; } = [];

    [BindProperty]
    public uint Version { get; set; }

    [BindProperty]
    public DateOnly? ClosedOn { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct)
    {
        var project = await db.FindWithBudgetAsync(id, User.AllianceId(), ct);
        if (project is null)
        {
            return NotFound();
        }

        try
        {
            db.ExpectVersion(project, Version);
            project.ApproveBudget(clock.GetUtcNow(), User.UserId(), await db.CommitmentsAsync(project.Id, ct));
            audit.Add(AuditActions.BudgetApproved, nameof(Project), project.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            return await FailAsync(id, ex.Message, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await FailAsync(id, Concurrency.Message, ct);
        }

        Message = "Piano dei costi approvato.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct)
    {
        var project = await db.OfAlliance(User.AllianceId()).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return NotFound();
        }

        if (ClosedOn is not { } closedOn)
        {
            return await FailAsync(id, "Indicare la data di chiusura del progetto.", ct, nameof(ClosedOn));
        }

        try
        {
            db.ExpectVersion(project, Version);
            project.Close(closedOn, null);
            audit.Add(AuditActions.ProjectClosed, nameof(Project), project.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            return await FailAsync(id, ex.Message, ct, nameof(ClosedOn));
        }
        catch (DbUpdateConcurrencyException)
        {
            return await FailAsync(id, Concurrency.Message, ct);
        }

        Message = "Progetto chiuso: da ora è in sola lettura.";
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> FailAsync(Guid id, string message, CancellationToken ct, string key = "")
    {
        db.ChangeTracker.Clear();
        ModelState.AddModelError(key, message);
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var project = await db.OfAlliance(User.AllianceId()).AsNoTracking()
            .Include(p => p.BudgetLines).Include(p => p.Cofinancings).Include(p => p.Extensions).Include(p => p.Actions).ThenInclude(a => a.Indicators)
            .AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return false;
        }

        Project = project;
        Version = project.Version;
        var names = await db.Partners.AsNoTracking().Where(p => p.AllianceId == project.AllianceId).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Partners = project.Cofinancings.Select(c => new PartnerRow(names.GetValueOrDefault(c.PartnerId, "?"), c.Cash, c.InKind))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        Actions = project.Actions.OrderBy(a => a.SortOrder).Select(a => new ActionRow(a.Id, a.Code, a.Title, a.Indicators.Count)).ToList();
        var commitments = await db.CommitmentsAsync(project.Id, ct);
        Discrepancies = project.Reconcile(commitments);
        Balances = project.Balances(commitments);
        return true;
    }
}
