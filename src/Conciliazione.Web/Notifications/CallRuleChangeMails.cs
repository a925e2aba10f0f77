using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Notifications.Templates;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Notifications;

/// <summary>
/// E-mails the families told by <see cref="CallRuleChanges.ChangeCallRulesAsync"/>: one outbox row
/// per rule-change notice the context is about to save, so the mail commits (or rolls back) with
/// the new version and its notices.
/// </summary>
public static class CallRuleChangeMails
{
    public static async Task AddAsync(AppDbContext db, Call call, CallVersion version, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(version);
        var notices = db.ChangeTracker.Entries<CallRuleNotice>()
            .Where(e => e.State == EntityState.Added && e.Entity.CallId == call.Id && e.Entity.VersionNumber == version.Number)
            .Select(e => e.Entity)
            .ToList();
        foreach (var notice in notices)
        {
            await Outbox.AddAsync(
                db,
                notice.FamilyUserId,
                new CallRulesChangedModel(call.Id, notice.ApplicationId, call.ReferenceNumber, call.Title, version.Number, version.AmendmentReason ?? "", now),
                now,
                ct);
        }
    }
}
