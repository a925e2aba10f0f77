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
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            AllianceId = allianceId,
            IpAddress = ipAddress,
            Details = details,
        };
}
