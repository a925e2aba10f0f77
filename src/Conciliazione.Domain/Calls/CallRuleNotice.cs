namespace Conciliazione.Domain.Calls;

/// <summary>
/// Tells a family with a draft application that the call's rules changed (version
/// <see cref="VersionNumber"/>) while they were filling it in. Recorded in the transaction that
/// records the new version, one row per draft; shown on the family's pages, e-mailed later by a job
/// (<see cref="EmailedAt"/>).
/// </summary>
public class CallRuleNotice
{
    private CallRuleNotice()
    {
    }

    public Guid Id { get; private set; }
    public Guid CallId { get; private set; }
    public Guid ApplicationId { get; private set; }
    public Guid FamilyUserId { get; private set; }
    public int VersionNumber { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Set by the job that e-mails the notice; null until then.</summary>
    public DateTimeOffset? EmailedAt { get; private set; }

    /// <summary>One notice per draft application of the call, for a version just recorded by <see cref="Call.ChangeRules"/>.</summary>
    public static IReadOnlyList<CallRuleNotice> ForDrafts(Call call, CallVersion version, IEnumerable<(Guid ApplicationId, Guid FamilyUserId)> drafts)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(drafts);
        if (version.CallId != call.Id || version.Number == 1)
        {
            throw new InvalidOperationException("Notices are for a new version of this call's rules.");
        }

        return drafts.Select(d => new CallRuleNotice
        {
            Id = Guid.NewGuid(),
            CallId = call.Id,
            ApplicationId = d.ApplicationId,
            FamilyUserId = d.FamilyUserId,
            VersionNumber = version.Number,
            CreatedAt = version.CreatedAt,
        }).ToList();
    }
}
