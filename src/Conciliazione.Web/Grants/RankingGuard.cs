using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Grants;

/// <summary>
/// Once a call's ranking is frozen, its decisions are the ranking's inputs: a reopen would change
/// a frozen (or published) ranking behind its back, so it is refused with a message that says what
/// to do instead (ADR 0056).
/// </summary>
public static class RankingGuard
{
    public const string FrozenMessage = "La graduatoria del bando è congelata: le decisioni non si riaprono più. Per correggere questa decisione, annullare prima la graduatoria congelata (indicando il motivo) dalla pagina della graduatoria del bando.";

    public const string PublishedMessage = "La graduatoria del bando è pubblicata: è un atto pubblico e le decisioni delle domande non si riaprono più.";

    /// <summary>Why a decision of <paramref name="callId"/> cannot be reopened now, or null; a read for the page, without locks.</summary>
    public static async Task<string?> ReopenRefusalAsync(AppDbContext db, Guid callId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ranking = await db.Rankings.AsNoTracking().Where(r => r.CallId == callId && r.DiscardedAt == null)
            .Select(r => new { r.PublishedAt }).FirstOrDefaultAsync(ct);
        return ranking is null ? null : ranking.PublishedAt is null ? FrozenMessage : PublishedMessage;
    }

    /// <summary>
    /// The same check inside the caller's transaction, after a share lock on the call row: a freeze
    /// (which locks the row for update) in progress finishes first and is then seen, and a freeze
    /// that starts later waits for this transaction and then sees the application back in review.
    /// </summary>
    public static async Task<string?> LockAndRefuseReopenAsync(AppDbContext db, Guid callId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlAsync($"SELECT id FROM calls WHERE id = {callId} FOR SHARE", ct);
        return await ReopenRefusalAsync(db, callId, ct);
    }
}
