using System.Security.Claims;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// Writes audit rows with the actor, the client IP and UTC time taken from the current request.
/// <see cref="Add"/> joins the caller's unit of work (or <see cref="InTransactionAsync"/>);
/// <see cref="WriteAsync"/> saves at once (for events such as a failed login that change nothing else).
/// The portal's database role may only INSERT and SELECT audit rows (ADR 0035).
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

    /// <summary>
    /// Runs a change and the audit rows it adds (<see cref="Add"/>) in one transaction: both are
    /// committed or neither. For changes made through UserManager, which saves on its own: its
    /// saves join the transaction because they share this request's DbContext.
    /// </summary>
    /// <param name="change">Makes the change and adds its audit rows; returns false to roll back (e.g. a validation error).</param>
    /// <returns>Whether the change was committed.</returns>
    /// <remarks>A tracked unit of work (<see cref="UnitOfWork.InTrackedUnitOfWorkAsync{T}"/>, ADR 0144): retried whole on a transient failure.</remarks>
    public Task<bool> InTransactionAsync(Func<CancellationToken, Task<bool>> change, CancellationToken ct) =>
        db.InTrackedUnitOfWorkAsync(change, ct, commit: ok => ok);

    /// <summary>Saves an audit row at once: only for events that change nothing else (a failed login, a download).</summary>
    public async Task WriteAsync(string action, string? entityType = null, string? entityId = null, string? details = null, Guid? actorId = null, CancellationToken ct = default)
    {
        Add(action, entityType, entityId, details, actorId);
        await db.SaveChangesAsync(ct);
    }
}
