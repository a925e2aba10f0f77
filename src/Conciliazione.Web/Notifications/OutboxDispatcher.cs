using System.Data.Common;
using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Conciliazione.Web.Notifications;

/// <summary>
/// Hands new outbox rows to Hangfire once they are committed: right after SaveChanges when there is
/// no explicit transaction, at commit otherwise; a rollback forgets them.
/// </summary>
/// <remarks>
/// Enqueueing is a fast path, not the guarantee: if the portal dies between the commit and the
/// enqueue, the minutely <see cref="OutboxSweeper"/> finds the pending row. A failed enqueue is
/// logged and never fails the family's request (the change is already committed).
/// </remarks>
public sealed class OutboxDispatcher(IBackgroundJobClient jobs, ILogger<OutboxDispatcher> logger) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // One interceptor for every pooled context: the notifications of a unit of work are kept per context and lease (ADR 0153).
    private readonly PerLease<Pending> pending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        Of(eventData.Context)?.Saving.Clear();
        base.SaveChangesFailed(eventData);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Of(eventData.Context)?.Saving.Clear();
        return base.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Dispatch(Of(eventData.Context)?.CommittedWithTransaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Dispatch(Of(eventData.Context)?.CommittedWithTransaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Of(eventData.Context)?.CommittedWithTransaction.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Of(eventData.Context)?.CommittedWithTransaction.Clear();
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Of(eventData.Context)?.CommittedWithTransaction.Clear();

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Of(eventData.Context)?.CommittedWithTransaction.Clear();
        return Task.CompletedTask;
    }

    private Pending? Of(DbContext? context) => context is null ? null : pending.For(context);

    private void Capture(DbContext? context)
    {
        if (Of(context) is not { } state)
        {
            return;
        }

        state.Saving.Clear();
        state.Saving.AddRange(context!.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id));
    }

    private void Saved(DbContext? context)
    {
        if (Of(context) is not { Saving.Count: > 0 } state)
        {
            return;
        }

        if (context!.Database.CurrentTransaction is null)
        {
            Dispatch(state.Saving);
        }
        else
        {
            state.CommittedWithTransaction.AddRange(state.Saving);
            state.Saving.Clear();
        }
    }

    private void Dispatch(List<Guid>? ids)
    {
        if (ids is null)
        {
            return;
        }

        foreach (var id in ids.Distinct())
        {
            try
            {
                jobs.Enqueue<OutboxDelivery>(d => d.DeliverAsync(id, CancellationToken.None));
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not enqueue notification {NotificationId}; the outbox sweep will deliver it", id);
            }
        }

        ids.Clear();
    }

    /// <summary>The new outbox rows of one unit of work: those being saved, and those saved inside a transaction not yet committed.</summary>
    private sealed class Pending
    {
        public List<Guid> Saving { get; } = [];

        public List<Guid> CommittedWithTransaction { get; } = [];
    }
}
