using System.Data.Common;
using Conciliazione.Domain.Notifications;
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
    private readonly List<Guid> saving = [];
    private readonly List<Guid> committedWithTransaction = [];

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
        saving.Clear();
        base.SaveChangesFailed(eventData);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        saving.Clear();
        return base.SaveChangesFailedAsync(eventData, cancellationToken);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Dispatch(committedWithTransaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Dispatch(committedWithTransaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => committedWithTransaction.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        committedWithTransaction.Clear();
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => committedWithTransaction.Clear();

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        committedWithTransaction.Clear();
        return Task.CompletedTask;
    }

    private void Capture(DbContext? context)
    {
        saving.Clear();
        if (context is null)
        {
            return;
        }

        saving.AddRange(context.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id));
    }

    private void Saved(DbContext? context)
    {
        if (saving.Count == 0)
        {
            return;
        }

        if (context?.Database.CurrentTransaction is null)
        {
            Dispatch(saving);
        }
        else
        {
            committedWithTransaction.AddRange(saving);
            saving.Clear();
        }
    }

    private void Dispatch(List<Guid> ids)
    {
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
}
