using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Review;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Applications;

/// <summary>
/// An application as the lead partner's staff see it during the review: every section, the
/// documents, the status timeline, notes, automatic checks and checklist, document requests and
/// the decision (each part a partial of this page; the steps post to their own pages).
/// </summary>
public sealed class DetailsModel(AppDbContext db, ReviewWork work) : PageModel
{
    public Application Application { get; private set; } = default!;

    /// <summary>The call as the application was submitted under it: reference, title and the frozen version's rules.</summary>
    public Call Call { get; private set; } = default!;
    public CallRules Rules { get; private set; } = new();
    public int RulesVersionNumber { get; private set; }

    /// <summary>The <c>xmin</c> of the application when the page was read: every form posts it back.</summary>
    public uint Version { get; private set; }

    /// <summary>Display names of the staff users (reviewer, note authors, decisions) by id.</summary>
    public IReadOnlyDictionary<Guid, string> StaffNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var application = await work.LoadAsync(id, User.AllianceId(), ct);
        if (application is null)
        {
            return NotFound();
        }

        var call = await db.Calls.AsNoTracking().Include(c => c.Versions).SingleAsync(c => c.Id == application.CallId, ct);
        var version = call.Versions.SingleOrDefault(v => v.Id == application.CallVersionId) ?? call.CurrentVersion;
        var ids = application.Notes.Select(n => n.AuthorId)
            .Concat(application.Decisions.Select(d => d.DecidedBy))
            .Concat(application.History.Select(h => h.ByUserId))
            .Append(application.ReviewerId ?? Guid.Empty)
            .Distinct()
            .ToList();
        StaffNames = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Id != application.FamilyUserId)
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        (Application, Call, Rules, RulesVersionNumber, Version) = (application, call, version.Rules, version.Number, work.VersionOf(application));
        return Page();
    }

    /// <summary>"Maria Bianchi", "la famiglia" or "il portale" for a history entry.</summary>
    public string Who(Guid userId) =>
        userId == Application.FamilyUserId ? "la famiglia"
        : StaffNames.TryGetValue(userId, out var name) ? name
        : "il portale";
}
