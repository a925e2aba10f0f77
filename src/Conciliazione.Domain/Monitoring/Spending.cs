using Conciliazione.Domain.Projects;

namespace Conciliazione.Domain.Monitoring;

/// <summary>
/// A cost actually incurred on a project (rendicontazione): category A-E, the partner who bore it,
/// the amount, the date and the document that proves it. A mistaken entry is withdrawn with a
/// reason, never deleted.
/// </summary>
public class CostEntry
{
    private CostEntry()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid ProjectId { get; private set; }
    public CostCategory Category { get; private set; }
    public Guid PartnerId { get; private set; }
    public decimal Amount { get; private set; }
    public DateOnly IncurredOn { get; private set; }
    public string Description { get; private set; } = "";
    public Guid DocumentId { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid? RecordedBy { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public string? WithdrawnReason { get; private set; }

    public bool IsWithdrawn => WithdrawnAt is not null;

    public static CostEntry Record(Project project, CostCategory category, Guid partnerId, decimal amount, DateOnly incurredOn, string? description, MonitoringDocument? document, DateTimeOffset now, Guid? by)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.EnsureEditable();
        Spending.EnsureEntry(project, partnerId, amount, incurredOn, description, document, "La spesa");
        return new CostEntry
        {
            Id = Guid.CreateVersion7(),
            AllianceId = project.AllianceId,
            ProjectId = project.Id,
            Category = category,
            PartnerId = partnerId,
            Amount = amount,
            IncurredOn = incurredOn,
            Description = description!.Trim(),
            DocumentId = document!.Id,
            RecordedAt = now.ToUniversalTime(),
            RecordedBy = by,
        };
    }

    public void Withdraw(Project project, string? reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.EnsureEditable();
        WithdrawnReason = Spending.Reason(reason);
        WithdrawnAt ??= now.ToUniversalTime();
    }
}

public enum CofinancingKind
{
    /// <summary>Cofinanziamento monetario.</summary>
    Cash,

    /// <summary>Valorizzazione: staff time, premises, ...</summary>
    InKind,
}

/// <summary>
/// Co-financing a partner actually provided (cash or in kind), with its document, against what the
/// plan promised (<see cref="PartnerCofinancing"/>). Withdrawn with a reason, never deleted.
/// </summary>
public class CofinancingEntry
{
    private CofinancingEntry()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid ProjectId { get; private set; }
    public Guid PartnerId { get; private set; }
    public CofinancingKind Kind { get; private set; }
    public decimal Amount { get; private set; }
    public DateOnly ProvidedOn { get; private set; }
    public string Description { get; private set; } = "";
    public Guid DocumentId { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid? RecordedBy { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public string? WithdrawnReason { get; private set; }

    public bool IsWithdrawn => WithdrawnAt is not null;

    public static CofinancingEntry Record(Project project, Guid partnerId, CofinancingKind kind, decimal amount, DateOnly providedOn, string? description, MonitoringDocument? document, DateTimeOffset now, Guid? by)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.EnsureEditable();
        Spending.EnsureEntry(project, partnerId, amount, providedOn, description, document, "Il cofinanziamento");
        return new CofinancingEntry
        {
            Id = Guid.CreateVersion7(),
            AllianceId = project.AllianceId,
            ProjectId = project.Id,
            PartnerId = partnerId,
            Kind = kind,
            Amount = amount,
            ProvidedOn = providedOn,
            Description = description!.Trim(),
            DocumentId = document!.Id,
            RecordedAt = now.ToUniversalTime(),
            RecordedBy = by,
        };
    }

    public void Withdraw(Project project, string? reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.EnsureEditable();
        WithdrawnReason = Spending.Reason(reason);
        WithdrawnAt ??= now.ToUniversalTime();
    }
}

internal static class Spending
{
    internal static void EnsureEntry(Project project, Guid partnerId, decimal amount, DateOnly on, string? description, MonitoringDocument? document, string what)
    {
        if (partnerId == Guid.Empty)
        {
            throw new DomainException("Scegliere l'ente partner.");
        }

        if (amount <= 0)
        {
            throw new DomainException("L'importo deve essere maggiore di zero.");
        }

        Money.Ensure(amount, "L'importo");
        if (string.IsNullOrWhiteSpace(description))
        {
            throw new DomainException("Descrivere la voce (per esempio il numero della fattura).");
        }

        if (document is null)
        {
            throw new DomainException("Allegare il documento che prova la voce (fattura, busta paga, dichiarazione).");
        }

        if (on < project.StartDate || on > project.EndDate)
        {
            throw new DomainException(what + " deve cadere nelle date del progetto.");
        }
    }

    internal static string Reason(string? reason) => string.IsNullOrWhiteSpace(reason)
        ? throw new DomainException("Indicare perché la voce viene ritirata.")
        : reason.Trim();
}
