using Conciliazione.Domain.Projects;

namespace Conciliazione.Domain.Monitoring;

/// <summary>
/// The value of a staff-entered indicator for one monitoring period, with the evidence it rests on
/// (a text and a document) and who recorded it when. A correction adds a new row and marks the old
/// one superseded, so the history stays readable. Computed indicators never get a row: their value
/// is counted from the records (<see cref="IndicatorValues"/>), so it can never be typed over.
/// </summary>
public class IndicatorValue
{
    private IndicatorValue()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid ProjectId { get; private set; }
    public Guid IndicatorId { get; private set; }
    public DateOnly PeriodStart { get; private set; }
    public DateOnly PeriodEnd { get; private set; }
    public int Value { get; private set; }
    public string Evidence { get; private set; } = "";
    public Guid EvidenceDocumentId { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid? RecordedBy { get; private set; }
    public DateTimeOffset? SupersededAt { get; private set; }

    public MonitoringPeriod Period => MonitoringPeriod.Containing(PeriodStart);

    public const string ComputedMessage = "Il valore di questo indicatore è calcolato dal portale: non si inserisce a mano.";

    /// <summary>
    /// Records <paramref name="value"/> for <paramref name="period"/>. Refused (Italian message) on a
    /// computed indicator, a closed project, a negative value, missing evidence or a period outside the project.
    /// </summary>
    public static IndicatorValue Record(Project project, Indicator indicator, MonitoringPeriod period, int value, string? evidence, MonitoringDocument? document, DateTimeOffset now, Guid? by)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(indicator);
        project.EnsureEditable();
        if (indicator.Source != IndicatorSource.Manual)
        {
            throw new DomainException(ComputedMessage);
        }

        if (!project.Actions.Any(a => a.Id == indicator.ActionId))
        {
            throw new DomainException("L'indicatore non appartiene a questo progetto.");
        }

        if (value < 0)
        {
            throw new DomainException("Il valore non può essere negativo.");
        }

        if (string.IsNullOrWhiteSpace(evidence))
        {
            throw new DomainException("Indicare su quale documento si basa il valore (verbale, accordo, relazione).");
        }

        if (document is null)
        {
            throw new DomainException("Allegare il documento che prova il valore.");
        }

        if (period.End < project.StartDate || period.Start > project.EndDate)
        {
            throw new DomainException("Il periodo è fuori dalle date del progetto.");
        }

        return new IndicatorValue
        {
            Id = Guid.CreateVersion7(),
            AllianceId = project.AllianceId,
            ProjectId = project.Id,
            IndicatorId = indicator.Id,
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            Value = value,
            Evidence = evidence.Trim(),
            EvidenceDocumentId = document.Id,
            RecordedAt = now.ToUniversalTime(),
            RecordedBy = by,
        };
    }

    /// <summary>Marks this value replaced by a correction recorded at <paramref name="now"/>.</summary>
    public void Supersede(DateTimeOffset now) => SupersededAt ??= now.ToUniversalTime();
}
