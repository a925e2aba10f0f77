using System.Security.Claims;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// Writes audit rows with the actor, the client IP and UTC time taken from the current request.
/// <see cref="Add"/> joins the caller's unit of work; <see cref="WriteAsync"/> saves at once
/// (for events such as a failed login that change nothing else).
/// </summary>
public sealed class AuditLog(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public AuditEvent Add(string action, string? entityType = null, string? entityId = null, string? details = null, Guid? actorId = null)
    {
        var ctx = http.HttpContext;
        var user = ctx?.User;
        actorId ??= Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
        Guid? allianceId = Guid.TryParse(user?.FindFirstValue(PortalClaims.AllianceId), out var a) ? a : null;
        var evt = AuditEvent.Record(clock.GetUtcNow(), actorId, action, entityType, entityId, allianceId,
            ctx?.Connection.RemoteIpAddress?.ToString(), details);
        db.AuditEvents.Add(evt);
        return evt;
    }

    public async Task WriteAsync(string action, string? entityType = null, string? entityId = null, string? details = null, Guid? actorId = null, CancellationToken ct = default)
    {
        Add(action, entityType, entityId, details, actorId);
        await db.SaveChangesAsync(ct);
    }
}
