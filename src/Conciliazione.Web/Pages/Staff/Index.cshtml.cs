using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff;

/// <summary>
/// The staff home: what needs attention in the staff member's alliance (calls open and closing soon,
/// applications submitted and not yet reviewed, voucher budget left), with counts and links.
/// </summary>
public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>A call "closes soon" when its window ends within this many days.</summary>
    public const int ClosingSoonDays = 14;

    public sealed record CallRow(Guid Id, string ReferenceNumber, string Title, DateTimeOffset? ClosesAt, decimal Budget, int Waiting, int Received);

    public sealed record ProjectRow(Guid Id, string Title, VoucherBudget Budget, IReadOnlyList<CallRow> Calls);

    public IReadOnlyList<CallRow> OpenCalls { get; private set; } = [];
    public int ClosingSoon { get; private set; }
    public int Drafts { get; private set; }
    public int Waiting { get; private set; }
    public IReadOnlyList<ProjectRow> Projects { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var now = clock.GetUtcNow();
        var counts = await db.Applications.AsNoTracking()
            .Where(a => a.AllianceId == allianceId && a.Status != ApplicationStatus.Draft)
            .GroupBy(a => a.CallId)
            .Select(g => new { CallId = g.Key, Waiting = g.Count(a => a.Status == ApplicationStatus.Submitted), Received = g.Count() })
            .ToDictionaryAsync(x => x.CallId, ct);
        var calls = await db.Calls.AsNoTracking().Where(c => c.AllianceId == allianceId)
            .OrderBy(c => c.ClosesAt).ThenBy(c => c.ReferenceNumber)
            .Select(c => new { c.ProjectId, c.Status, c.OpensAt, c.Id, c.ReferenceNumber, c.Title, c.ClosesAt, c.Budget })
            .ToListAsync(ct);
        CallRow Row(Guid id, string reference, string title, DateTimeOffset? closes, decimal budget) =>
            new(id, reference, title, closes, budget, counts.TryGetValue(id, out var n) ? n.Waiting : 0, counts.TryGetValue(id, out var m) ? m.Received : 0);

        OpenCalls = calls.Where(c => c.Status == CallStatus.Published && c.OpensAt <= now && now < c.ClosesAt)
            .Select(c => Row(c.Id, c.ReferenceNumber, c.Title, c.ClosesAt, c.Budget)).ToList();
        ClosingSoon = OpenCalls.Count(c => c.ClosesAt < now.AddDays(ClosingSoonDays));
        Drafts = calls.Count(c => c.Status == CallStatus.Draft);
        Waiting = counts.Values.Sum(c => c.Waiting);

        var projects = await db.Projects.AsNoTracking().Where(p => p.AllianceId == allianceId && p.Status != ProjectStatus.Closed)
            .OrderByDescending(p => p.StartDate).Select(p => new { p.Id, p.Title }).ToListAsync(ct);
        var rows = new List<ProjectRow>();
        foreach (var p in projects)
        {
            rows.Add(new ProjectRow(p.Id, p.Title, await db.ReadAsync(p.Id, null, ct),
                calls.Where(c => c.ProjectId == p.Id && c.Status != CallStatus.Draft).Select(c => Row(c.Id, c.ReferenceNumber, c.Title, c.ClosesAt, c.Budget)).ToList()));
        }

        Projects = rows;
    }

    public bool IsClosingSoon(CallRow call) => call.ClosesAt < clock.GetUtcNow().AddDays(ClosingSoonDays);
}
