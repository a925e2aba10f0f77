using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Calls;

public static class CallRuleChanges
{
    /// <summary>
    /// Applies <see cref="Call.ChangeRules"/> and, when it records a new version, adds a
    /// <see cref="CallRuleNotice"/> for every draft application of the call: the caller's next
    /// SaveChanges writes the version, the call and the notices in one transaction.
    /// </summary>
    /// <remarks>
    /// A draft started after this read (a family that opens the form at this very moment) gets no
    /// notice, which is right: it starts from the page that already shows the new rules and the
    /// notice of the change.
    /// </remarks>
    public static async Task<CallVersion?> ChangeCallRulesAsync(this AppDbContext db, Call call, CallRules rules, string? reason, Guid? by, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var version = call.ChangeRules(rules, reason, by, now);
        if (version is not null)
        {
            var drafts = await db.Applications.Where(a => a.CallId == call.Id && a.Status == ApplicationStatus.Draft)
                .Select(a => new { a.Id, a.FamilyUserId }).ToListAsync(ct);
            db.CallRuleNotices.AddRange(CallRuleNotice.ForDrafts(call, version, drafts.Select(d => (d.Id, d.FamilyUserId))));
        }

        return version;
    }
}
