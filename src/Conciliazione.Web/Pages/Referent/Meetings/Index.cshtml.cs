using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Monitoring;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Referent.Meetings;

/// <summary>
/// The alliance's held meetings whose minutes staff shared, most recent first, each with its
/// attendance by partner. Minutes not shared yet (and every other alliance's) are not listed.
/// </summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string Title, DateOnly HeldOn, string? Place, DateTimeOffset SharedAt, IReadOnlyList<AttendeeRow> Attendance);

    public IReadOnlyList<Row> Meetings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var meetings = await ReferentMeetings.Shared(db, User.AllianceId()).Include(m => m.Attendees).AsNoTracking()
            .OrderByDescending(m => m.HeldOn).ThenBy(m => m.Title).ToListAsync(ct);
        var rows = new List<Row>();
        foreach (var m in meetings)
        {
            rows.Add(new Row(m.Id, m.Title, m.HeldOn!.Value, m.Place, m.MinutesSharedAt!.Value, await MeetingAttendance.LoadAsync(db, m, ct)));
        }

        Meetings = rows;
    }
}

/// <summary>What a referent may read: held meetings of their own alliance whose minutes were shared.</summary>
public static class ReferentMeetings
{
    public static IQueryable<Meeting> Shared(AppDbContext db, Guid? allianceId) =>
        db.Meetings.Where(m => m.AllianceId == allianceId && m.Status == MeetingStatus.Held && m.MinutesSharedAt != null);
}
