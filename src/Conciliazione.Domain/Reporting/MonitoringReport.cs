using System.Security.Cryptography;
using Conciliazione.Domain.Projects;

namespace Conciliazione.Domain.Reporting;

public enum ReportStatus
{
    /// <summary>Requested; the background job has not started yet.</summary>
    Queued,
    Generating,

    /// <summary>Generated: the PDF, its SHA-256 and the data snapshot are stored and never change again.</summary>
    Ready,
    Failed,
}

/// <summary>
/// One version of the ATS monitoring report of a project for a period (ADR 0110). Generating stores
/// the PDF bytes (<see cref="MonitoringReportFile"/>), their SHA-256, the data snapshot it was made
/// from, and who asked when; a correction is a new version, never an overwrite (a database trigger
/// refuses changes to a ready report's content). Staff submit a ready version to the ATS; from then
/// on the alliance's auditors see it.
/// </summary>
public class MonitoringReport
{
    private MonitoringReport()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid ProjectId { get; private set; }
    public ReportPeriodKind PeriodKind { get; private set; }

    /// <summary>"2018-S1", "2018" or "finale" (<see cref="ReportPeriod.Key"/>).</summary>
    public string PeriodKey { get; private set; } = "";
    public DateOnly PeriodStart { get; private set; }
    public DateOnly PeriodEnd { get; private set; }

    /// <summary>1, 2, ... per project and period.</summary>
    public int Version { get; private set; }
    public ReportStatus Status { get; private set; }

    /// <summary>0-100, with the step being worked on, for the page that shows progress.</summary>
    public int ProgressPercent { get; private set; }
    public string? ProgressStep { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public Guid RequestedBy { get; private set; }
    public DateTimeOffset? GeneratedAt { get; private set; }

    /// <summary>Lowercase hex SHA-256 of the PDF bytes: what the verifier looks up.</summary>
    public string? Sha256 { get; private set; }
    public long? PdfSizeBytes { get; private set; }

    /// <summary>The data the report was made from (JSON), kept with it.</summary>
    public string? Snapshot { get; private set; }
    public string? FailureReason { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public Guid? SubmittedBy { get; private set; }

    /// <summary>Postgres xmin: two workers or two staff never both move the same report.</summary>
    public uint RowVersion { get; private set; }

    public ReportPeriod Period => ReportPeriod.TryParse(PeriodKey, out var period) && period.Kind == PeriodKind
        ? period
        : throw new InvalidOperationException("The stored period key does not match its kind.");

    public bool IsSubmitted => SubmittedAt is not null;

    public const string InProgressMessage = "È già in preparazione un rapporto per questo periodo: attendi che sia pronto.";

    /// <summary>Asks for a new version. The version number is the caller's (the next after the stored ones); a unique index backs it.</summary>
    public static MonitoringReport Request(Project project, ReportPeriod period, int version, DateTimeOffset now, Guid by)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (!period.Touches(project))
        {
            throw new DomainException("Il periodo scelto è fuori dalle date del progetto.");
        }

        return new MonitoringReport
        {
            Id = Guid.CreateVersion7(),
            AllianceId = project.AllianceId,
            ProjectId = project.Id,
            PeriodKind = period.Kind,
            PeriodKey = period.Key,
            PeriodStart = period.StartFor(project),
            PeriodEnd = period.EndFor(project),
            Version = version,
            Status = ReportStatus.Queued,
            ProgressStep = "In coda",
            RequestedAt = now.ToUniversalTime(),
            RequestedBy = by,
        };
    }

    public void Start()
    {
        if (Status != ReportStatus.Queued)
        {
            throw new DomainException("Il rapporto non è in coda.");
        }

        Status = ReportStatus.Generating;
        ProgressPercent = 0;
        ProgressStep = "Raccolta dei dati";
    }

    public void Progress(int percent, string step)
    {
        if (Status != ReportStatus.Generating)
        {
            throw new DomainException("Il rapporto non è in preparazione.");
        }

        ProgressPercent = Math.Clamp(percent, 0, 99);
        ProgressStep = step;
    }

    /// <summary>Stores the result; returns the file row holding the bytes (add it to the context).</summary>
    public MonitoringReportFile Complete(byte[] pdf, byte[] dataZip, byte[] dataXlsx, string snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        if (Status != ReportStatus.Generating)
        {
            throw new DomainException("Il rapporto non è in preparazione.");
        }

        Status = ReportStatus.Ready;
        ProgressPercent = 100;
        ProgressStep = "Pronto";
        GeneratedAt = now.ToUniversalTime();
        Sha256 = HashOf(pdf);
        PdfSizeBytes = pdf.LongLength;
        Snapshot = snapshot;
        return new MonitoringReportFile(Id, pdf, dataZip, dataXlsx);
    }

    public void Fail(string reason)
    {
        Status = ReportStatus.Failed;
        ProgressStep = "Non riuscito";
        FailureReason = reason.Length > 500 ? reason[..500] : reason;
    }

    public void Submit(DateTimeOffset now, Guid by)
    {
        if (Status != ReportStatus.Ready)
        {
            throw new DomainException("Si può inviare ad ATS solo un rapporto pronto.");
        }

        if (IsSubmitted)
        {
            throw new DomainException("Questa versione del rapporto è già stata inviata ad ATS.");
        }

        SubmittedAt = now.ToUniversalTime();
        SubmittedBy = by;
    }

    public static string HashOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>The bytes of a ready report: the PDF and its data (CSV files in a ZIP, and XLSX). Insert-only.</summary>
public class MonitoringReportFile(Guid reportId, byte[] pdf, byte[] dataZip, byte[] dataXlsx)
{
    public Guid ReportId { get; private set; } = reportId;
    public byte[] Pdf { get; private set; } = pdf;
    public byte[] DataZip { get; private set; } = dataZip;
    public byte[] DataXlsx { get; private set; } = dataXlsx;
}
