using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Grants;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>A funded call with its vouchers, for the voucher, receipt and payout tests.</summary>
public sealed record FundedCall(Guid CallId, Guid StaffId, IReadOnlyList<Guid> ApplicationIds, IReadOnlyList<Guid> VoucherIds, IReadOnlyList<Guid> FamilyIds);

public static class VoucherSeeds
{
    /// <summary>
    /// A closed call (350 per child by default) whose <paramref name="families"/> single-child applications are all funded
    /// through the real ranking and funding run, so each has its voucher. The call's service period is the one
    /// of <see cref="CallSeeds"/>; <paramref name="rules"/> changes the rules (e.g. payee, cash).
    /// </summary>
    public static async Task<FundedCall> FundedAsync(PortalFactory factory, int families = 2, Func<CallRules, CallRules>? rules = null, string reference = "AV-VO-01", int firstProtocol = 1)
    {
        var ct = TestContext.Current.CancellationToken;
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(factory, 350m * families * 2, rules, reference);
        var ids = await GrantSeeds.ApplicationsAsync(factory, callId, Enumerable.Range(0, families).Select(i => new SeedApplication(Isee: 5_000m + i)).ToList(), firstProtocol);
        await GrantSeeds.FreezeAndPublishAsync(factory, callId, staff.Id);
        var (_, error) = await GrantSeeds.WorkAsync(factory, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staff.Id, ct));
        Assert.Null(error);
        return await factory.WithDbAsync(async db =>
        {
            var vouchers = await db.Vouchers.AsNoTracking().Where(v => v.CallId == callId).ToDictionaryAsync(v => v.ApplicationId, v => v.Id, ct);
            var owners = await db.Applications.AsNoTracking().Where(a => a.CallId == callId).ToDictionaryAsync(a => a.Id, a => a.FamilyUserId, ct);
            return new FundedCall(callId, staff.Id, ids, ids.Select(a => vouchers[a]).ToList(), ids.Select(a => owners[a]).ToList());
        });
    }
}
