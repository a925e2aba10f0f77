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

    public const string VouchersComputedMessage = "La voce D (voucher) non si registra a mano: la spesa è calcolata dai rimborsi dei voucher pagati.";

    public bool IsWithdrawn => WithdrawnAt is not null;

    /// <summary>
    /// Records a cost of category A, B, C or E. Throws <see cref="DomainException"/> (errors on their
    /// fields) on a closed project, category D, an amount not above zero or over two decimals, a date
    /// outside the project, a missing description or document.
    /// </summary>
    public static CostEntry Record(Project project, CostCategory category, Guid partnerId, decimal amount, DateOnly incurredOn, string? description, MonitoringDocument? document, DateTimeOffset now, Guid? by)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.EnsureEditable();
        if (category == CostCategory.Vouchers)
        {
            // ADR 0100: category D is what the vouchers paid, computed from the payouts, never typed.
            throw new DomainException([new DomainError("Category", VouchersComputedMessage)]);
        }

        if (!Enum.IsDefined(category))
        {
            throw new DomainException([new DomainError("Category", "Scegliere la voce di costo.")]);
        }

        Spending.EnsureEntry(project, partnerId, amount, incurredOn, description, document, MonitoringDocumentPurpose.Cost, "La spesa");
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
        if (project.Id != ProjectId)
        {
            throw new ArgumentException("The entry belongs to another project.", nameof(project));
        }

        project.EnsureEditable();
        WithdrawnReason = Spending.Reason(reason, IsWithdrawn);
        WithdrawnAt = now.ToUniversalTime();
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
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException([new DomainError("Kind", "Indicare se il cofinanziamento è in denaro o in valorizzazioni.")]);
        }

        Spending.EnsureEntry(project, partnerId, amount, providedOn, description, document, MonitoringDocumentPurpose.Cofinancing, "Il cofinanziamento");
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
        if (project.Id != ProjectId)
        {
            throw new ArgumentException("The entry belongs to another project.", nameof(project));
        }

        project.EnsureEditable();
        WithdrawnReason = Spending.Reason(reason, IsWithdrawn);
        WithdrawnAt = now.ToUniversalTime();
    }
}

/// <summary>The rules shared by cost and co-financing entries (field names match the pages' inputs).</summary>
internal static class Spending
{
    public const string AlreadyWithdrawnMessage = "La voce è già stata ritirata.";

    /// <summary>
    /// Checks an entry and throws one <see cref="DomainException"/> carrying every problem, each on its
    /// field (PartnerId, Amount, Date, Description, Document), so a form can show them all at once.
    /// </summary>
    internal static void EnsureEntry(Project project, Guid partnerId, decimal amount, DateOnly on, string? description, MonitoringDocument? document, MonitoringDocumentPurpose purpose, string what)
    {
        var errors = new List<DomainError>();
        if (partnerId == Guid.Empty)
        {
            errors.Add(new("PartnerId", "Scegliere l'ente partner."));
        }

        if (amount <= 0)
        {
            errors.Add(new("Amount", "L'importo deve essere maggiore di zero."));
        }
        else if (Money.Check(amount) is { } problem)
        {
            errors.Add(new("Amount", problem));
        }

        if (on < project.StartDate || on > project.EndDate)
        {
            errors.Add(new("Date", $"{what} deve cadere nelle date del progetto ({Range(project)})."));
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            errors.Add(new("Description", "Descrivere la voce (per esempio il numero della fattura)."));
        }
        else if (description.Trim().Length > MaxText)
        {
            errors.Add(new("Description", $"La descrizione può avere al massimo {MaxText} caratteri."));
        }

        if (document is null)
        {
            errors.Add(new("Document", "Allegare il documento che prova la voce (fattura, busta paga, dichiarazione)."));
        }
        else if (document.Purpose != purpose || document.ProjectId != project.Id)
        {
            // A document of another project or purpose (an indicator's evidence, minutes) is not a proof of this entry.
            errors.Add(new("Document", "Il documento non appartiene a questa voce del progetto."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }
    }

    internal const int MaxText = 500;

    internal static string Reason(string? reason, bool alreadyWithdrawn)
    {
        if (alreadyWithdrawn)
        {
            throw new DomainException(AlreadyWithdrawnMessage);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException([new DomainError("Reason", "Indicare perché la voce viene ritirata.")]);
        }

        return reason.Trim().Length > MaxText
            ? throw new DomainException([new DomainError("Reason", $"Il motivo può avere al massimo {MaxText} caratteri.")])
            : reason.Trim();
    }

    private static string Range(Project project) =>
        project.StartDate.ToString("dd/MM/yyyy", Money.Italian) + " - " + project.EndDate.ToString("dd/MM/yyyy", Money.Italian);
}
