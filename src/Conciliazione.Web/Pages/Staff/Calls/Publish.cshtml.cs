using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Calls;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>
/// Publishing a call, in two steps: this page shows the call as the public will read it (or, when it
/// cannot be published yet, each missing item with a link to where it is fixed); the POST publishes
/// and the call's page then links the public page.
/// </summary>
public sealed class PublishModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    /// <summary>Something missing before publication and the page (and field) where staff fix it.</summary>
    public sealed record Problem(string Text, string Href);

    public sealed record ProviderRow(string LegalName, string Address, string Municipality);

    public Call Call { get; private set; } = default!;
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public IReadOnlyList<ProviderRow> Providers { get; private set; } = [];
    public string Window { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var call = await db.FindCallAsync(id, User.AllianceId(), ct);
        if (call is null)
        {
            return NotFound();
        }

        if (call.Status != CallStatus.Draft)
        {
            return RedirectToPage("./Details", new { id });
        }

        await LoadAsync(call, await db.ProjectOfAsync(call, ct), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var call = await db.FindCallAsync(id, User.AllianceId(), ct);
        if (call is null)
        {
            return NotFound();
        }

        if (call.Status != CallStatus.Draft)
        {
            return RedirectToPage("./Details", new { id });
        }

        var project = await db.ProjectOfAsync(call, ct);
        var now = clock.GetUtcNow();
        if (call.PublicationProblems(project, now).Count > 0)
        {
            await LoadAsync(call, project, ct);
            return Page();
        }

        try
        {
            call.Publish(project, now, User.UserId());
            audit.Add(AuditActions.CallPublished, nameof(Call), call.Id.ToString(), call.ReferenceNumber);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("", ex.Message);
            await LoadAsync(call, project, ct);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", Concurrency.Message);
            db.ChangeTracker.Clear();
            call = (await db.FindCallAsync(id, User.AllianceId(), ct))!;
            await LoadAsync(call, await db.ProjectOfAsync(call, ct), ct);
            return Page();
        }

        TempData["Message"] = "Bando pubblicato: è visibile sul portale pubblico.";
        TempData["PublicLink"] = Url.Page("/Calls/Details", new { id });
        return RedirectToPage("./Details", new { id });
    }

    private async Task LoadAsync(Call call, Domain.Projects.Project project, CancellationToken ct)
    {
        Call = call;
        var now = clock.GetUtcNow();
        var ruleProblems = call.Rules.Errors(call.ActionCode).Concat(call.Rules.Missing(call.ActionCode)).ToHashSet(StringComparer.Ordinal);
        Problems = call.PublicationProblems(project, now).Select(p => Where(p, ruleProblems))
            .Select(w => new Problem(w.Text, Url.Page(w.Page, w.Page.StartsWith("./", StringComparison.Ordinal) ? new { id = call.Id } : null) + (w.Fragment is null ? "" : "#" + w.Fragment)))
            .ToList();
        Window = PublicCalls.WindowSentence(call.StateAt(now), call.OpensAt, call.ClosesAt, now);
        var providerIds = call.Providers.Select(p => p.ProviderId).ToList();
        Providers = await db.Providers.AsNoTracking().Where(p => providerIds.Contains(p.Id)).OrderBy(p => p.LegalName)
            .Select(p => new ProviderRow(p.LegalName, p.Address, p.Municipality)).ToListAsync(ct);
    }

    /// <summary>Where each item of <see cref="Call.PublicationProblems"/> is fixed.</summary>
    private static (string Text, string Page, string? Fragment) Where(string problem, IReadOnlySet<string> ruleProblems) => problem switch
    {
        _ when ruleProblems.Contains(problem) => (problem, "./Rules", null),
        Domain.Projects.Project.ClosedMessage => (problem, "/Staff/Project/Index", null),
        _ when problem.Contains("descrizione", StringComparison.Ordinal) => (problem, "./Edit", "Input_Description"),
        _ when problem.Contains("documento", StringComparison.Ordinal) => (problem, "./Edit", "document"),
        _ when problem.Contains("chiusura", StringComparison.Ordinal) => (problem, "./Edit", "Input_OpensAt"),
        _ when problem.Contains("periodo", StringComparison.Ordinal) => (problem, "./Edit", "Input_ServiceStart"),
        _ when problem.Contains("budget", StringComparison.Ordinal) => (problem, "./Edit", "Input_Budget"),
        _ when problem.Contains("ente erogatore", StringComparison.Ordinal) => (problem, "./Edit", "Input_AllowsOtherProvider"),
        _ => (problem, "./Edit", null),
    };
}
