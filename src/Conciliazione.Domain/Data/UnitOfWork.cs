using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Data;

/// <summary>
/// A unit of work: one transaction run inside the execution strategy, so a transient failure (the
/// connection lost, the commit unanswered) repeats the whole unit, never half of it (ADR 0144).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="InUnitOfWorkAsync{T}"/> starts every attempt with an empty change tracker: the unit
/// reads what it changes inside the delegate, so a second attempt never carries entities the first
/// one changed or added. Side effects go in the same transaction: e-mails as outbox rows
/// (Notifications/Outbox), files as rows; nothing leaves the database before the commit.
/// </para>
/// <para>
/// A commit whose answer is lost may have happened: a unit that may run twice must find its own
/// work done and do nothing (an idempotency key, a status it checks, a row it looks for first).
/// </para>
/// </remarks>
public static class UnitOfWork
{
    /// <summary>Runs <paramref name="work"/> in a transaction, saves and commits; retried whole on a transient failure.</summary>
    /// <param name="commit">Whether to commit what <paramref name="work"/> returned (false rolls back, e.g. a refusal); always when null.</param>
    public static Task<T> InUnitOfWorkAsync<T>(this AppDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct, Func<T, bool>? commit = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        return db.Database.CreateExecutionStrategy().ExecuteAsync(
            (db, work, commit),
            async (_, state, token) =>
            {
                state.db.ChangeTracker.Clear();
                await using var tx = await state.db.Database.BeginTransactionAsync(token);
                var result = await state.work(token);
                if (state.commit?.Invoke(result) == false)
                {
                    await tx.RollbackAsync(token);
                    return result;
                }

                await state.db.SaveChangesAsync(token);
                await tx.CommitAsync(token);
                return result;
            },
            verifySucceeded: null,
            ct);
    }

    /// <inheritdoc cref="InUnitOfWorkAsync{T}"/>
    public static Task InUnitOfWorkAsync(this AppDbContext db, Func<CancellationToken, Task> work, CancellationToken ct) =>
        db.InUnitOfWorkAsync(
            async token =>
            {
                await work(token);
                return true;
            },
            ct);

    /// <summary>
    /// For units that change entities the caller loaded before (a page's tracked call, Identity's
    /// user): saves without accepting the changes (<c>SaveChanges(false)</c>) and accepts them only
    /// after the commit, so a second attempt saves the same changes again rather than finding them
    /// "unchanged" and committing nothing. <paramref name="work"/> must be repeatable on the same
    /// tracked entities: set values (not increments), add an entity only while it is detached
    /// (what an earlier attempt added is detached again before the next one).
    /// </summary>
    public static Task<T> InTrackedUnitOfWorkAsync<T>(this AppDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct, Func<T, bool>? commit = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        // What the caller tracked before the unit: on a second attempt, what the first one added is
        // dropped (the work adds it again), so nothing is inserted twice.
        var before = db.ChangeTracker.Entries().Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
        var attempts = 0;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(
            (db, work, commit),
            async (_, state, token) =>
            {
                if (attempts++ > 0)
                {
                    foreach (var added in state.db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added && !before.Contains(e.Entity)).ToList())
                    {
                        added.State = EntityState.Detached;
                    }
                }

                await using var tx = await state.db.Database.BeginTransactionAsync(token);
                var result = await state.work(token);
                if (state.commit?.Invoke(result) == false)
                {
                    await tx.RollbackAsync(token);
                    return result;
                }

                await state.db.SaveChangesAsync(acceptAllChangesOnSuccess: false, token);
                await tx.CommitAsync(token);
                state.db.ChangeTracker.AcceptAllChanges();
                return result;
            },
            verifySucceeded: null,
            ct);
    }
}
