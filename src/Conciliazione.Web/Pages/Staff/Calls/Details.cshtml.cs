using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>
/// A call at a glance, its lifecycle (publish, close, conclude) and the history of its rules.
/// Publishing goes through a preview (<see cref="PublishModel"/>); the ranking is frozen and
/// published on its own page (/Staff/Grants/Ranking), which marks the call ranked.
/// </summary>
public sealed class DetailsModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record VersionRow(int Number, string? Reason, DateTimeOffset CreatedAt, string? By, CallRules Rules, IReadOnlyList<string> Changes);

    public sealed record ProviderRow(Guid Id, string LegalName, string Municipality);

    public Call Call { get; private set; } = default!;
    public string ProjectTitle { get; private set; } = "";
    public VoucherBudget Budget { get; private set; } = new(0, 0, 0);
    public IReadOnlyList<VersionRow> History { get; private set; } = [];
    public IReadOnlyList<ProviderRow> Providers { get; private set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public WindowState Window { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var call = await db.FindCallAsync(id, User.AllianceId(), ct);
        if (call is null)
        {
            return NotFound();
        }

        await LoadAsync(call, ct);
        return Page();
    }

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) => ChangeAsync(id, (call, _) =>
    {
        call.Close(clock.GetUtcNow());
        audit.Add(AuditActions.CallClosed, nameof(Call), call.Id.ToString());
        TempData["Message"] = "Bando chiuso: non accetta più domande.";
        return Task.FromResult(true);
    }, ct);

    public Task<IActionResult> OnPostConcludeAsync(Guid id, CancellationToken ct) => ChangeAsync(id, (call, _) =>
    {
        call.Conclude(clock.GetUtcNow());
        audit.Add(AuditActions.CallConcluded, nameof(Call), call.Id.ToString());
        TempData["Message"] = "Bando concluso.";
        return Task.FromResult(true);
    }, ct);

    private async Task<IActionResult> ChangeAsync(Guid id, Func<Call, Domain.Projects.Project, Task<bool>> change, CancellationToken ct)
    {
        var call = await db.FindCallAsync(id, User.AllianceId(), ct);
        if (call is null)
        {
            return NotFound();
        }

        var project = await db.ProjectOfAsync(call, ct);
        try
        {
            if (!await change(call, project))
            {
                await LoadAsync(call, ct);
                return Page();
            }

            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("", ex.Message);
            await LoadAsync(call, ct);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", Concurrency.Message);
            db.ChangeTracker.Clear();
            call = (await db.FindCallAsync(id, User.AllianceId(), ct))!;
            await LoadAsync(call, ct);
            return Page();
        }

        return RedirectToPage(new { id });
    }

    private async Task LoadAsync(Call call, CancellationToken ct)
    {
        Call = call;
        var project = await db.ProjectOfAsync(call, ct);
        ProjectTitle = project.Title;
        Budget = await db.ReadAsync(call.ProjectId, call.Id, ct);
        Window = call.StateAt(clock.GetUtcNow());
        if (call.Status == CallStatus.Draft && ModelState.IsValid)
        {
            Problems = call.PublicationProblems(project, clock.GetUtcNow());
        }

        var userIds = call.Versions.Select(v => v.CreatedBy).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        History = call.Versions.OrderByDescending(v => v.Number)
            .Select(v => new VersionRow(v.Number, v.AmendmentReason, v.CreatedAt, v.CreatedBy is { } by && names.TryGetValue(by, out var n) ? n : null, v.Rules, call.ChangesIn(v.Number))).ToList();
        var providerIds = call.Providers.Select(p => p.ProviderId).ToList();
        Providers = await db.Providers.AsNoTracking().Where(p => providerIds.Contains(p.Id)).OrderBy(p => p.LegalName)
            .Select(p => new ProviderRow(p.Id, p.LegalName, p.Municipality)).ToListAsync(ct);
    }
}
