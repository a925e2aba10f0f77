using Conciliazione.Domain.Calls;

namespace Conciliazione.Domain.Grants;

/// <summary>Where an application stands in a frozen ranking (as projected at the freeze, and as published).</summary>
public enum RankingOutcome
{
    /// <summary>Funded in full or in part by the walk down the ranking.</summary>
    Funded,

    /// <summary>Admitted, but the budget did not reach it: on the reserve list.</summary>
    Reserve,

    /// <summary>Not admitted by the review (listed without a position).</summary>
    NotAdmitted,
}

/// <summary>
/// A frozen ranking (graduatoria) of a call: the order and the reasons computed from the admitted
/// applications at the moment staff froze it, stored as rows that later edits of the applications
/// cannot change. Staff may discard a frozen ranking (with a reason) until it is published; once
/// published it is the public act the grants follow, and it never changes.
/// </summary>
public class Ranking
{
    public const string PublishedMessage = "La graduatoria è già pubblicata: non si modifica più.";

    private Ranking()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid CallId { get; private set; }
    public FundingMode Mode { get; private set; }
    public ShortfallPolicy WhenShort { get; private set; }

    /// <summary>The call's budget minus what was already committed, when frozen: what the projection walked.</summary>
    public decimal AvailableAtFreeze { get; private set; }

    public DateTimeOffset FrozenAt { get; private set; }
    public Guid FrozenBy { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public Guid? PublishedBy { get; private set; }
    public DateTimeOffset? DiscardedAt { get; private set; }
    public Guid? DiscardedBy { get; private set; }
    public string? DiscardReason { get; private set; }

    /// <summary>SHA-256 of the published PDF (hex), so a copy can be checked against it.</summary>
    public string? PdfSha256 { get; private set; }

    public List<RankingEntry> Entries { get; private set; } = [];

    public bool IsPublished => PublishedAt is not null;
    public bool IsDiscarded => DiscardedAt is not null;

    /// <summary>
    /// Freezes <paramref name="ranked"/> (admitted applications in order) and lists
    /// <paramref name="notAdmitted"/> after them without a position; the projected outcome is the
    /// funding walk over <paramref name="available"/>.
    /// </summary>
    public static Ranking Freeze(
        Guid allianceId,
        Guid callId,
        FundingRule rule,
        decimal available,
        IReadOnlyList<RankedApplication> ranked,
        IReadOnlyList<(Guid ApplicationId, string ProtocolNumber)> notAdmitted,
        Guid by,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(notAdmitted);
        if (ranked.Count == 0 && notAdmitted.Count == 0)
        {
            throw new DomainException("Il bando non ha domande decise: non c'è nulla da mettere in graduatoria.");
        }

        var ranking = new Ranking
        {
            Id = Guid.NewGuid(),
            AllianceId = allianceId,
            CallId = callId,
            Mode = rule.Mode,
            WhenShort = rule.WhenShort,
            AvailableAtFreeze = available,
            FrozenAt = now.ToUniversalTime(),
            FrozenBy = by,
        };
        var walk = FundingPlan.Walk(ranked.Select(r => (r.Input.ApplicationId, r.Input.Amount)), available, rule.WhenShort);
        foreach (var (r, step) in ranked.Zip(walk))
        {
            ranking.Entries.Add(new RankingEntry(ranking.Id, r.Input.ApplicationId, r.Position, r.Input.ProtocolNumber, step.IsFunded ? RankingOutcome.Funded : RankingOutcome.Reserve, r.Input.Amount, step.Granted, r.Breakdown));
        }

        foreach (var (id, protocol) in notAdmitted)
        {
            ranking.Entries.Add(new RankingEntry(ranking.Id, id, null, protocol, RankingOutcome.NotAdmitted, 0m, null, []));
        }

        return ranking;
    }

    /// <summary>Publishes the frozen ranking: from now on it is the public act, and grants follow it.</summary>
    public void Publish(Guid by, DateTimeOffset now)
    {
        EnsureOpen();
        PublishedAt = now.ToUniversalTime();
        PublishedBy = by;
    }

    /// <summary>Records the SHA-256 of the published PDF (once).</summary>
    public void RecordPdf(string sha256Hex)
    {
        if (!IsPublished)
        {
            throw new DomainException("Il PDF si genera solo per una graduatoria pubblicata.");
        }

        PdfSha256 ??= sha256Hex;
    }

    /// <summary>Sets a frozen, unpublished ranking aside (e.g. a decision must be corrected first); a new one can then be frozen.</summary>
    public void Discard(string? reason, Guid by, DateTimeOffset now)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException([new DomainError("Reason", "Indicare perché si annulla la graduatoria congelata.")]);
        }

        DiscardedAt = now.ToUniversalTime();
        DiscardedBy = by;
        DiscardReason = reason.Trim().Length > 1000 ? reason.Trim()[..1000] : reason.Trim();
    }

    private void EnsureOpen()
    {
        if (IsPublished)
        {
            throw new DomainException(PublishedMessage);
        }

        if (IsDiscarded)
        {
            throw new DomainException("Questa graduatoria è stata annullata.");
        }
    }
}

/// <summary>One application in a frozen ranking.</summary>
public class RankingEntry
{
    private RankingEntry()
    {
    }

    internal RankingEntry(Guid rankingId, Guid applicationId, int? position, string protocolNumber, RankingOutcome outcome, decimal amount, decimal? projectedGrant, IReadOnlyList<string> breakdown)
    {
        RankingId = rankingId;
        ApplicationId = applicationId;
        Position = position;
        ProtocolNumber = protocolNumber;
        Outcome = outcome;
        Amount = amount;
        ProjectedGrant = projectedGrant;
        Breakdown = [.. breakdown];
    }

    public Guid RankingId { get; private set; }
    public Guid ApplicationId { get; private set; }

    /// <summary>1, 2, ... for admitted applications; null for those not admitted.</summary>
    public int? Position { get; private set; }

    public string ProtocolNumber { get; private set; } = "";
    public RankingOutcome Outcome { get; private set; }

    /// <summary>What the amount rule grants this application at most.</summary>
    public decimal Amount { get; private set; }

    /// <summary>What the walk at the freeze granted (less than <see cref="Amount"/> for a partial grant).</summary>
    public decimal? ProjectedGrant { get; private set; }

    /// <summary>Why it is here, criterion by criterion, in Italian.</summary>
    public List<string> Breakdown { get; private set; } = [];
}

/// <summary>The bytes of a published ranking's PDF, in their own table so that loading a ranking never loads them.</summary>
public class RankingDocument
{
    public Guid RankingId { get; set; }
    public byte[] Content { get; set; } = [];
}
