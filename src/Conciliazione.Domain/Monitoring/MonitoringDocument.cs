using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Vouchers;

namespace Conciliazione.Domain.Monitoring;

/// <summary>What a monitoring document proves.</summary>
public enum MonitoringDocumentPurpose
{
    /// <summary>The evidence behind an indicator value typed by staff (a minute, an agreement, a report).</summary>
    IndicatorEvidence,

    /// <summary>The signed minutes (verbale) of a partner meeting: PDF only.</summary>
    Minutes,

    /// <summary>The invoice, payslip or timesheet behind a cost.</summary>
    Cost,

    /// <summary>The proof of a partner's cash or in-kind co-financing.</summary>
    Cofinancing,
}

/// <summary>
/// A file of the monitoring record (evidence, minutes, cost documents), bytes in PostgreSQL and
/// recognised by content, never by name. It belongs to a project of an alliance and is served only
/// to that alliance's staff (and, for shared minutes, to its referents and auditors).
/// </summary>
public class MonitoringDocument
{
    private MonitoringDocument()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid ProjectId { get; private set; }
    public MonitoringDocumentPurpose Purpose { get; private set; }
    public string FileName { get; private set; } = "";
    public UploadKind ContentKind { get; private set; }
    public long SizeBytes { get; private set; }
    public string Sha256 { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
    public DateTimeOffset UploadedAt { get; private set; }
    public Guid? UploadedBy { get; private set; }

    public const string NotPdfMessage = "Il verbale va caricato in formato PDF: il contenuto del file non è un PDF.";

    /// <summary>
    /// Checks and keeps an upload. Minutes must be a PDF; the other purposes accept PDF, JPEG or PNG.
    /// Throws <see cref="DomainException"/> with an Italian message on an empty, oversize or unrecognised file.
    /// </summary>
    public static MonitoringDocument Upload(Guid allianceId, Guid projectId, MonitoringDocumentPurpose purpose, UploadedFile file, DateTimeOffset now, Guid? by)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Problem() is { } problem)
        {
            throw new DomainException(purpose == MonitoringDocumentPurpose.Minutes && file.Bytes.Length > 0 && file.Bytes.LongLength <= FileSignature.MaxBytes ? NotPdfMessage : problem);
        }

        var kind = file.Kind!.Value;
        if (purpose == MonitoringDocumentPurpose.Minutes && kind != UploadKind.Pdf)
        {
            throw new DomainException(NotPdfMessage);
        }

        return new MonitoringDocument
        {
            Id = Guid.CreateVersion7(),
            AllianceId = allianceId,
            ProjectId = projectId,
            Purpose = purpose,
            FileName = FileSignature.SafeFileName(file.FileName, kind),
            ContentKind = kind,
            SizeBytes = file.Bytes.LongLength,
            Sha256 = file.Sha256,
            Content = file.Bytes,
            UploadedAt = now.ToUniversalTime(),
            UploadedBy = by,
        };
    }
}
