using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Meetings;

/// <summary>Loading a meeting of the staff user's alliance (another alliance's is simply not found: 404) and its labels.</summary>
public static class StaffMeetings
{
    public static Task<Meeting?> FindMeetingAsync(this AppDbContext db, Guid id, Guid? allianceId, CancellationToken ct) =>
        db.Meetings.Include(m => m.Attendees).FirstOrDefaultAsync(m => m.Id == id && m.AllianceId == allianceId, ct);

    public static string StatusLabel(MeetingStatus status) => status switch
    {
        MeetingStatus.Planned => "Programmato",
        MeetingStatus.Held => "Svolto",
        _ => "Annullato",
    };

    /// <summary>
    /// Makes the next save update the meeting's row even when only its attendance rows changed, so
    /// the <c>xmin</c> check applies to every edit (EF checks the token only on rows it updates).
    /// </summary>
    public static void TouchForConcurrency(this AppDbContext db, Meeting meeting) =>
        db.Entry(meeting).Property(m => m.Title).IsModified = true;
}
