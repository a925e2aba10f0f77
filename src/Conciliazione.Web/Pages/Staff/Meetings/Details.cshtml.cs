using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Monitoring;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Meetings;

/// <summary>
/// One meeting: what was planned, who attended, the minutes (text and/or signed PDF) and the
/// actions its state allows: cancel a planned meeting, write or upload the minutes of a held one,
/// share them with the partners' referents. Each form carries the meeting's <c>xmin</c> version:
/// of two people changing it at once, the second is told to reload. Another alliance's meeting is a 404.
/// </summary>
[RequestSizeLimit(FileSignature.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = FileSignature.MaxBytes + 1024 * 1024)]
public sealed class DetailsModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<DetailsModel.MinutesInput> validator) : PageModel
{
    public sealed class MinutesInput
    {
        public string? Text { get; set; }
        public uint Version { get; set; }
    }

    public sealed class MinutesValidator : AbstractValidator<MinutesInput>
    {
        public MinutesValidator()
        {
            RuleFor(x => x.Text).MaximumLength(20000).WithMessage("Il verbale può avere al massimo 20000 caratteri.");
        }
    }

    public sealed record DocumentInfo(Guid Id, string FileName, long SizeBytes, DateTimeOffset UploadedAt);

    [BindProperty]
    public MinutesInput Minutes { get; set; } = new();

    /// <summary>The version posted by the cancel and share forms.</summary>
    [BindProperty]
    public uint Version { get; set; }

    public Meeting Meeting { get; private set; } = default!;
    public string ProjectTitle { get; private set; } = "";
    public IReadOnlyList<AttendeeRow> Attendance { get; private set; } = [];
    public DocumentInfo? Pdf { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Minutes = new MinutesInput { Text = Meeting.MinutesText, Version = Meeting.Version };
        return Page();
    }

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, Version, m => m.Cancel(), AuditActions.MeetingCancelled, "Incontro annullato.", "", ct);

    public Task<IActionResult> OnPostShareAsync(Guid id, CancellationToken ct) =>
        ChangeAsync(id, Version, m => m.ShareMinutes(clock.GetUtcNow()), AuditActions.MeetingMinutesShared,
            "Verbale condiviso: i referenti dei comuni dell'alleanza lo leggono nella loro area.", "", ct);

    /// <summary>Saves the minutes' text and, if chosen, the signed PDF (checked by content: PDF only, 10 MB).</summary>
    public async Task<IActionResult> OnPostMinutesAsync(Guid id, IFormFile? pdf, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.ClearBindingErrors();
        var validation = await validator.ValidateAsync(Minutes, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Minutes));
            return Page();
        }

        MonitoringDocument? document = null;
        try
        {
            if (pdf is { Length: > 0 })
            {
                await using var stream = pdf.OpenReadStream();
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, ct);
                document = MonitoringDocument.Upload(Meeting.AllianceId, Meeting.ProjectId, MonitoringDocumentPurpose.Minutes,
                    new UploadedFile(pdf.FileName, buffer.ToArray()), clock.GetUtcNow(), User.UserId());
                db.MonitoringDocuments.Add(document);
            }

            db.ExpectVersion(Meeting, Minutes.Version);
            Meeting.SetMinutes(Minutes.Text, document);
            db.TouchForConcurrency(Meeting);
            audit.Add(AuditActions.MeetingMinutesSaved, nameof(Meeting), Meeting.Id.ToString(), document is null ? "text" : "pdf " + document.Id);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError(document is null && pdf is { Length: > 0 } ? "pdf" : "Minutes.Text", ex.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("Minutes.Text", Concurrency.Message);
            return Page();
        }

        TempData["Message"] = "Verbale salvato.";
        return Redirect("/Staff/Meetings/" + id);
    }

    /// <summary>The minutes' PDF: staff of the meeting's alliance only (404 otherwise), as an attachment with a clean name, audited.</summary>
    public async Task<IActionResult> OnGetPdfAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var file = await (from m in db.Meetings.AsNoTracking()
                          join d in db.MonitoringDocuments on m.MinutesDocumentId equals d.Id
                          where m.Id == id && m.AllianceId == allianceId && d.AllianceId == allianceId
                          select new { d.Id, d.FileName, d.ContentKind, d.Content }).SingleOrDefaultAsync(ct);
        if (file is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.MeetingMinutesDownloaded, nameof(MonitoringDocument), file.Id.ToString(), "staff", ct: ct);
        return File(file.Content, FileSignature.ContentType(file.ContentKind), file.FileName);
    }

    private async Task<IActionResult> ChangeAsync(Guid id, uint version, Action<Meeting> change, string action, string done, string field, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        Minutes = new MinutesInput { Text = Meeting.MinutesText, Version = Meeting.Version };
        try
        {
            db.ExpectVersion(Meeting, version);
            change(Meeting);
            db.TouchForConcurrency(Meeting);
            audit.Add(action, nameof(Meeting), Meeting.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError(field, ex.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(field, Concurrency.Message);
            return Page();
        }

        TempData["Message"] = done;
        return Redirect("/Staff/Meetings/" + id);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var meeting = await db.FindMeetingAsync(id, User.AllianceId(), ct);
        if (meeting is null)
        {
            return false;
        }

        Meeting = meeting;
        ProjectTitle = await db.Projects.AsNoTracking().Where(p => p.Id == meeting.ProjectId).Select(p => p.Title).SingleAsync(ct);
        Attendance = await MeetingAttendance.LoadAsync(db, meeting, ct);
        Pdf = meeting.MinutesDocumentId is { } docId
            ? await db.MonitoringDocuments.AsNoTracking().Where(d => d.Id == docId).Select(d => new DocumentInfo(d.Id, d.FileName, d.SizeBytes, d.UploadedAt)).SingleAsync(ct)
            : null;
        return true;
    }
}
