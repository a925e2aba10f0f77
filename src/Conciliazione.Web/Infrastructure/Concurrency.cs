using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// Optimistic concurrency for staff edits. A form carries the <c>xmin</c> version it was read
/// at; on save the page sets it as the original value, so PostgreSQL updates the row only if
/// nobody changed it in between (SECURITY-CHECKS "Staff edits ... xmin").
/// </summary>
public static class Concurrency
{
    public const string Message =
        "Nel frattempo qualcun altro ha modificato questi dati, quindi le tue modifiche non sono state salvate. Ricarica la pagina per vedere la versione aggiornata e ripeti la modifica.";

    /// <summary>Tells EF the version the user saw, so a concurrent change makes SaveChanges fail.</summary>
    public static void ExpectVersion<T>(this DbContext db, T entity, uint version)
        where T : class =>
        db.Entry(entity).Property<uint>("Version").OriginalValue = version;
}
