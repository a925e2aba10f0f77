using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Monitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Referent.Meetings;

/// <summary>
/// A shared meeting's minutes for a referent: the text, the attendance and the signed PDF (an
/// attachment with a clean name, audited). Minutes not shared yet, another alliance's meeting or an
/// unknown id are all a 404, so a referent cannot tell which exist.
/// </summary>
public sealed class DetailsModel(AppDbContext db, AuditLog audit) : PageModel
{
    public Meeting Meeting { get; private set; } = default!;
    public IReadOnlyList<AttendeeRow> Attendance { get; private set; } = [];
    public string? PdfName { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var meeting = await ReferentMeetings.Shared(db, User.AllianceId()).Include(m => m.Attendees).AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null)
        {
            return NotFound();
        }

        Meeting = meeting;
        Attendance = await MeetingAttendance.LoadAsync(db, meeting, ct);
        PdfName = meeting.MinutesDocumentId is { } docId
            ? await db.MonitoringDocuments.AsNoTracking().Where(d => d.Id == docId).Select(d => d.FileName).SingleAsync(ct)
            : null;
        return Page();
    }

    public async Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var file = await (from m in ReferentMeetings.Shared(db, allianceId).AsNoTracking()
                          join d in db.MonitoringDocuments on m.MinutesDocumentId equals d.Id
                          where m.Id == id && d.AllianceId == allianceId
                          select new { d.Id, d.FileName, d.ContentKind, d.Content }).SingleOrDefaultAsync(ct);
        if (file is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.MeetingMinutesDownloaded, nameof(MonitoringDocument), file.Id.ToString(), "referent", ct: ct);
        return File(file.Content, FileSignature.ContentType(file.ContentKind), file.FileName);
    }
}
