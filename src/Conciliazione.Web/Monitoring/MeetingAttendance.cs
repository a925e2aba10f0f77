using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Monitoring;

/// <summary>One line of a meeting's attendance as people read it: the partner (or "Altri partecipanti"), the name on the sign-in sheet, present or not.</summary>
public sealed record AttendeeRow(string Who, string? ReferentName, bool Present, bool ForPartner);

/// <summary>A meeting's attendance for staff and referents: partners by name, then those attending for no partner.</summary>
public static class MeetingAttendance
{
    public const string NoPartner = "Altri partecipanti";

    public static async Task<IReadOnlyList<AttendeeRow>> LoadAsync(AppDbContext db, Meeting meeting, CancellationToken ct)
    {
        var names = await db.Partners.AsNoTracking().Where(p => p.AllianceId == meeting.AllianceId).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return meeting.Attendees
            .Select(a => new AttendeeRow(a.PartnerId is { } id && names.TryGetValue(id, out var name) ? name : NoPartner, a.ReferentName, a.Present, a.PartnerId is not null))
            .OrderBy(r => r.ForPartner ? 0 : 1).ThenBy(r => r.Who, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("it-IT"), true)).ThenBy(r => r.ReferentName, StringComparer.Ordinal)
            .ToList();
    }
}
