namespace Conciliazione.Domain.Grants;

public enum GrantSource
{
    /// <summary>Funded by the walk down the published ranking.</summary>
    Ranking,

    /// <summary>Funded later from the reserve list, with money a renunciation, a revocation or a reallocation freed.</summary>
    ReserveList,
}

public enum GrantStatus
{
    Active,

    /// <summary>The family gave the voucher up: the amount went back to the call.</summary>
    Renounced,

    /// <summary>Revoked (DPR 445/2000 art. 75): the amount went back to the call; anything paid is a recovery.</summary>
    Revoked,
}

/// <summary>
/// The money committed to one application: at most one per application (UNIQUE), written in the
/// transaction that raises the call's committed amount with a conditional UPDATE (ADR 0054).
/// Written by <c>Conciliazione.Web.Grants.Funding</c> in SQL; never deleted: a renounced or
/// revoked grant stays on record with the date its amount went back to the call.
/// </summary>
public class Grant
{
    private Grant()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid CallId { get; private set; }
    public Guid ApplicationId { get; private set; }

    /// <summary>Committed to the application (less than <see cref="Requested"/> for a partial grant).</summary>
    public decimal Amount { get; private set; }

    /// <summary>What the call's amount rule allowed at most.</summary>
    public decimal Requested { get; private set; }

    /// <summary>The application's place in the ranking it was funded from.</summary>
    public int? Position { get; private set; }

    public GrantSource Source { get; private set; }
    public GrantStatus Status { get; private set; }
    public DateTimeOffset GrantedAt { get; private set; }
    public Guid GrantedBy { get; private set; }
    public DateTimeOffset? ReleasedAt { get; private set; }

    /// <summary>Paid so far by payout batches the bank has paid (raised by <c>PayoutWork.MarkPaidAsync</c>): what a revocation turns into a recovery.</summary>
    public decimal Paid { get; private set; }

    public bool IsActive => Status == GrantStatus.Active;
    public bool IsPartial => Amount < Requested;
}

/// <summary>Money moved from one call to another of the same project (the project's total for vouchers does not change).</summary>
public class CallReallocation
{
    private CallReallocation()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid ProjectId { get; private set; }
    public Guid FromCallId { get; private set; }
    public Guid ToCallId { get; private set; }
    public decimal Amount { get; private set; }
    public string Reason { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid RecordedBy { get; private set; }

    /// <summary>Checks the move (positive cents, a reason, another call, no more than the source has free).</summary>
    public static CallReallocation Record(Guid allianceId, Guid projectId, Guid fromCallId, decimal fromFree, Guid toCallId, decimal amount, string? reason, Guid by, DateTimeOffset now)
    {
        var errors = new List<DomainError>();
        if (fromCallId == toCallId)
        {
            errors.Add(new DomainError("ToCallId", "Scegliere un bando diverso da quello di partenza."));
        }

        if (Money.Check(amount) is { } problem)
        {
            errors.Add(new DomainError("Amount", "Importo: " + problem));
        }
        else if (amount <= 0m)
        {
            errors.Add(new DomainError("Amount", "L'importo da spostare deve essere maggiore di zero."));
        }
        else if (amount > fromFree)
        {
            errors.Add(new DomainError("Amount", $"Il bando di partenza ha liberi solo {Money.Format(fromFree)}: il resto è già concesso alle famiglie."));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new DomainError("Reason", "Indicare il motivo dello spostamento."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        return new CallReallocation
        {
            Id = Guid.NewGuid(),
            AllianceId = allianceId,
            ProjectId = projectId,
            FromCallId = fromCallId,
            ToCallId = toCallId,
            Amount = amount,
            Reason = reason!.Trim().Length > 1000 ? reason.Trim()[..1000] : reason.Trim(),
            RecordedAt = now.ToUniversalTime(),
            RecordedBy = by,
        };
    }
}

/// <summary>
/// An amount a family owes back after a revocation (DPR 445/2000 art. 75): what had already been
/// paid on the revoked grant (and what a batch in flight pays after it). Netted from later payouts to the same family (<see cref="Recovered"/>) or collected.
/// </summary>
public class Recovery
{
    private Recovery()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid ApplicationId { get; private set; }
    public Guid GrantId { get; private set; }
    public decimal Amount { get; private set; }
    public string Reason { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
    public Guid RecordedBy { get; private set; }
    public DateTimeOffset? SettledAt { get; private set; }

    /// <summary>Netted from payouts to the same family so far (settled when it reaches <see cref="Amount"/>).</summary>
    public decimal Recovered { get; private set; }

    public decimal Owed => Amount - Recovered;

    public static Recovery Record(Grant grant, string reason, Guid by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Paid <= 0m)
        {
            throw new DomainException("Nulla è stato pagato su questo contributo: non c'è nulla da recuperare.");
        }

        return new Recovery
        {
            Id = Guid.NewGuid(),
            AllianceId = grant.AllianceId,
            ApplicationId = grant.ApplicationId,
            GrantId = grant.Id,
            Amount = grant.Paid,
            Reason = reason,
            RecordedAt = now.ToUniversalTime(),
            RecordedBy = by,
        };
    }
}
