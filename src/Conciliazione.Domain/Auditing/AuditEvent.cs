namespace Conciliazione.Domain.Auditing;

/// <summary>
/// One row of the audit trail: who did what to which record, when and from where.
/// Rows are only ever inserted, in the same transaction as the change they describe.
/// </summary>
/// <remarks>
/// Holds pseudonymous ids, never names, codici fiscali or ISEE values (GDPR art. 5.1.c,
/// ASVS 16.2.1). <see cref="Details"/> is for non-personal context such as a reason code.
/// </remarks>
public class AuditEvent
{
    public long Id { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public Guid? ActorId { get; private set; }
    public Guid? AllianceId { get; private set; }
    public string Action { get; private set; } = "";
    public string? EntityType { get; private set; }
    public string? EntityId { get; private set; }
    public string? IpAddress { get; private set; }
    public string? Details { get; private set; }

    private AuditEvent()
    {
    }

    public static AuditEvent Record(
        DateTimeOffset at,
        Guid? actorId,
        string action,
        string? entityType = null,
        string? entityId = null,
        Guid? allianceId = null,
        string? ipAddress = null,
        string? details = null) => new()
        {
            OccurredAt = at.ToUniversalTime(),
            ActorId = actorId,
            Action = Clip(action, MaxShort)!,
            EntityType = Clip(entityType, MaxShort),
            EntityId = Clip(entityId, MaxShort),
            AllianceId = allianceId,
            IpAddress = Clip(ipAddress, MaxAddress),
            Details = Clip(details, MaxDetails),
        };

    public const int MaxShort = 100;
    public const int MaxAddress = 64;
    public const int MaxDetails = 2000;

    /// <summary>
    /// An audit row is never lost to a long value (e.g. a denied POST to a long page address used as
    /// the entity id): values are cut to their column's length, with "..." marking the cut.
    /// </summary>
    public static string? Clip(string? value, int max) =>
        value is null || value.Length <= max ? value : value[..(max - 3)] + "...";
}
