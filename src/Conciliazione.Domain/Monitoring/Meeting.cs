using Conciliazione.Domain.Projects;

namespace Conciliazione.Domain.Monitoring;

public enum MeetingStatus
{
    Planned,
    Held,
    Cancelled,
}

/// <summary>
/// A monitoring meeting of the alliance's partners (the plan names Oct 2017, Jan 2018, Jun 2018,
/// Dec 2018): planned date, agenda, attendance by partner and referent, and the minutes (verbale)
/// as text or an uploaded PDF. Once shared, the minutes are readable by the alliance's referents
/// in their area.
/// </summary>
public class Meeting
{
    private Meeting()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid ProjectId { get; private set; }
    public string Title { get; private set; } = "";
    public DateOnly PlannedOn { get; private set; }
    public DateOnly? HeldOn { get; private set; }
    public string? Place { get; private set; }
    public string? Agenda { get; private set; }
    public MeetingStatus Status { get; private set; }
    public string? MinutesText { get; private set; }
    public Guid? MinutesDocumentId { get; private set; }
    public DateTimeOffset? MinutesSharedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? CreatedBy { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c> concurrency token.</summary>
    public uint Version { get; private set; }

    public const string CancelledMessage = "L'incontro è annullato: non si può più modificare.";

    public List<MeetingAttendee> Attendees { get; private set; } = [];

    public bool HasMinutes => !string.IsNullOrWhiteSpace(MinutesText) || MinutesDocumentId is not null;

    public static Meeting Plan(Project project, string title, DateOnly plannedOn, string? place, string? agenda, DateTimeOffset now, Guid? by)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.EnsureEditable();
        var meeting = new Meeting
        {
            Id = Guid.CreateVersion7(),
            AllianceId = project.AllianceId,
            ProjectId = project.Id,
            Status = MeetingStatus.Planned,
            CreatedAt = now.ToUniversalTime(),
            CreatedBy = by,
        };
        meeting.Revise(title, plannedOn, place, agenda);
        return meeting;
    }

    public void Revise(string title, DateOnly plannedOn, string? place, string? agenda)
    {
        if (Status == MeetingStatus.Cancelled)
        {
            throw new DomainException(CancelledMessage);
        }

        if (string.IsNullOrWhiteSpace(title))
        {
            throw new DomainException("Inserire il titolo dell'incontro.");
        }

        Title = title.Trim();
        PlannedOn = plannedOn;
        Place = string.IsNullOrWhiteSpace(place) ? null : place.Trim();
        Agenda = string.IsNullOrWhiteSpace(agenda) ? null : agenda.Trim();
    }

    /// <summary>Records that the meeting took place on <paramref name="heldOn"/>, with who attended.</summary>
    public void RecordHeld(DateOnly heldOn, IEnumerable<MeetingAttendee> attendees, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(attendees);
        if (Status == MeetingStatus.Cancelled)
        {
            throw new DomainException(CancelledMessage);
        }

        if (heldOn > today)
        {
            throw new DomainException("La data in cui si è tenuto l'incontro non può essere futura.");
        }

        var rows = attendees.ToList();
        if (rows.Where(a => a.PartnerId is not null).GroupBy(a => a.PartnerId).Any(g => g.Count() > 1))
        {
            throw new DomainException("Ogni ente partner compare una sola volta nelle presenze.");
        }

        if (rows.Any(a => a.Present && a.PartnerId is null && string.IsNullOrWhiteSpace(a.ReferentName)))
        {
            throw new DomainException("Indicare il nome di chi ha partecipato senza rappresentare un ente partner.");
        }

        HeldOn = heldOn;
        Status = MeetingStatus.Held;
        Attendees.Clear();
        foreach (var a in rows)
        {
            a.ReferentName = string.IsNullOrWhiteSpace(a.ReferentName) ? null : a.ReferentName.Trim();
            a.MeetingId = Id;
            Attendees.Add(a);
        }
    }

    /// <summary>Sets the minutes: a text, a PDF (already checked by <see cref="MonitoringDocument.Upload"/>) or both.</summary>
    public void SetMinutes(string? text, MonitoringDocument? pdf)
    {
        if (Status != MeetingStatus.Held)
        {
            throw new DomainException("Il verbale si inserisce dopo aver registrato che l'incontro si è tenuto.");
        }

        if (pdf is not null && pdf.Purpose != MonitoringDocumentPurpose.Minutes)
        {
            throw new DomainException(MonitoringDocument.NotPdfMessage);
        }

        var t = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (t is null && pdf is null && MinutesDocumentId is null)
        {
            throw new DomainException("Scrivere il verbale o caricarlo in PDF.");
        }

        MinutesText = t;
        MinutesDocumentId = pdf?.Id ?? MinutesDocumentId;
    }

    /// <summary>Shares the minutes with the partners' referents (readable in their area from now on).</summary>
    public void ShareMinutes(DateTimeOffset now)
    {
        if (!HasMinutes)
        {
            throw new DomainException("Non c'è ancora un verbale da condividere.");
        }

        MinutesSharedAt ??= now.ToUniversalTime();
    }

    public void Cancel()
    {
        if (Status == MeetingStatus.Held)
        {
            throw new DomainException("L'incontro si è già tenuto: non si può annullare.");
        }

        Status = MeetingStatus.Cancelled;
    }
}

/// <summary>One line of a meeting's attendance: a partner (or an invited referent) and whether present.</summary>
public class MeetingAttendee
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeetingId { get; set; }

    /// <summary>The partner represented; null for someone attending for no partner (e.g. ATS).</summary>
    public Guid? PartnerId { get; set; }

    /// <summary>The referent who attended (name as written on the sign-in sheet).</summary>
    public string? ReferentName { get; set; }

    public bool Present { get; set; }
}
