using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Meetings;

/// <summary>
/// The alliance's monitoring meetings: the upcoming planned ones first (nearest first), then the
/// past ones (held, overdue or cancelled), most recent first.
/// </summary>
public sealed class IndexModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, string Title, string ProjectTitle, DateOnly PlannedOn, DateOnly? HeldOn, string? Place, MeetingStatus Status, bool HasMinutes, bool Shared);

    public IReadOnlyList<Row> Upcoming { get; private set; } = [];
    public IReadOnlyList<Row> Past { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var today = clock.TodayInRome();
        var rows = await db.Meetings.AsNoTracking().Where(m => m.AllianceId == allianceId)
            .Join(db.Projects, m => m.ProjectId, p => p.Id, (m, p) => new Row(m.Id, m.Title, p.Title, m.PlannedOn, m.HeldOn, m.Place, m.Status,
                m.MinutesText != null || m.MinutesDocumentId != null, m.MinutesSharedAt != null))
            .ToListAsync(ct);
        Upcoming = rows.Where(r => r.Status == MeetingStatus.Planned && r.PlannedOn >= today).OrderBy(r => r.PlannedOn).ThenBy(r => r.Title, StringComparer.Ordinal).ToList();
        Past = rows.Except(Upcoming).OrderByDescending(r => r.HeldOn ?? r.PlannedOn).ThenBy(r => r.Title, StringComparer.Ordinal).ToList();
    }
}
