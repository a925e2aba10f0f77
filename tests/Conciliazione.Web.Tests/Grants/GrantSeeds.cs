using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>An application to seed for grant tests: its ranking inputs and the status it is decided with.</summary>
public sealed record SeedApplication(
    decimal? Isee,
    int Children = 1,
    DateOnly? OldestChildBorn = null,
    bool SingleParent = false,
    ApplicationStatus Status = ApplicationStatus.Admitted,
    int MinutesAfterFirst = 0);

/// <summary>
/// Calls with decided applications for the grants tests, built cheaply: drafts through the domain,
/// submission and decision along the state machine in SQL (<see cref="StatusPaths"/>), the
/// ranking, publication and funding through <see cref="GrantsWork"/> as staff do.
/// </summary>
public static class GrantSeeds
{
    /// <summary>A call of the seeded project, closed, with the rules of <see cref="CallSeeds.CompleteRules"/> changed by <paramref name="rules"/>.</summary>
    public static async Task<Guid> ClosedCallAsync(PortalFactory factory, decimal budget, Func<CallRules, CallRules>? rules = null, string reference = "AV-GR-01")
    {
        var now = DateTimeOffset.UtcNow;
        var id = await CallSeeds.CallAsync(factory, now, budget: budget, reference: reference, opens: now.AddDays(-30), closes: now.AddDays(1));
        await factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var call = await db.Calls.Include(c => c.Versions).SingleAsync(c => c.Id == id, ct);
            if (rules is not null)
            {
                var changed = rules(call.Rules);
                if (!changed.SameAs(call.Rules))
                {
                    call.ChangeRules(changed, "Regole per il test", null, now);
                }
            }

            call.Freeze(now);
            call.Close(now);
            await db.SaveChangesAsync(ct);
        });
        return id;
    }

    /// <summary>Seeds <paramref name="applications"/> on <paramref name="callId"/> (protocol numbers from <paramref name="first"/>, each a different family unless <paramref name="familyId"/>).</summary>
    public static async Task<IReadOnlyList<Guid>> ApplicationsAsync(PortalFactory factory, Guid callId, IReadOnlyList<SeedApplication> applications, int first = 1, Guid? familyId = null)
    {
        var families = new List<Guid>();
        for (var i = 0; i < applications.Count; i++)
        {
            families.Add(familyId ?? (await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false)).Id);
        }

        return await factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var now = DateTimeOffset.UtcNow;
            var call = await db.Calls.AsNoTracking().Include(c => c.Versions).SingleAsync(c => c.Id == callId, ct);
            var ids = new List<Guid>();
            for (var i = 0; i < applications.Count; i++)
            {
                var spec = applications[i];
                var application = Application.StartDraft(call.AllianceId, callId, families[i], new ApplicantSection { GivenName = "Famiglia", FamilyName = $"Prova {i + 1}" }, now);
                var born = spec.OldestChildBorn ?? new DateOnly(2016, 1, 1);
                application.UpdateHousehold(new HouseholdSection
                {
                    SingleCustodialParent = spec.SingleParent,
                    Children = Enumerable.Range(0, spec.Children).Select(c => new ChildEntry { GivenName = "Figlio", FamilyName = $"Prova {i + 1}", FiscalCode = $"CHILD{i:D5}{c:D2}XXXX"[..16], BirthDate = born.AddYears(c) }).ToList(),
                }, now);
                application.UpdateIsee(new IseeSection { HasIsee = spec.Isee is not null, Value = spec.Isee, Type = spec.Isee is null ? null : IseeType.Ordinario }, now);
                db.Applications.Add(application);
                ids.Add(application.Id);
            }

            await db.SaveChangesAsync(ct);
            var versionId = call.CurrentVersion.Id;
            for (var i = 0; i < applications.Count; i++)
            {
                var protocol = ReviewSeeds.Protocol(first + i);
                var submitted = now.AddHours(-2).AddMinutes(applications[i].MinutesAfterFirst == 0 ? i : applications[i].MinutesAfterFirst);
                var id = ids[i];
                await db.Database.ExecuteSqlAsync($"UPDATE applications SET status = 'Submitted', protocol_number = {protocol}, submitted_at = {submitted}, call_version_id = {versionId} WHERE id = {id}", ct);
                await StatusPaths.MoveAsync(db, id, applications[i].Status, protocol, ct);
            }

            return ids;
        });
    }

    /// <summary>Freezes and publishes the ranking of <paramref name="callId"/> as the staff user <paramref name="by"/>; fails the test on a refusal.</summary>
    public static Task FreezeAndPublishAsync(PortalFactory factory, Guid callId, Guid by) => WorkAsync(factory, async work =>
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Null(await work.FreezeAsync(callId, Castellanza, by, ct));
        Assert.Null(await work.PublishAsync(callId, Castellanza, by, ct));
    });

    public static Task<T> WorkAsync<T>(PortalFactory factory, Func<GrantsWork, Task<T>> action) => Scoped(factory, action);

    public static Task WorkAsync(PortalFactory factory, Func<GrantsWork, Task> action) => Scoped(factory, async w =>
    {
        await action(w);
        return true;
    });

    public static Guid Castellanza => Domain.Seeding.CastellanzaPlan.AllianceId;

    private static async Task<T> Scoped<T>(PortalFactory factory, Func<GrantsWork, Task<T>> action)
    {
        using var scope = factory.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<GrantsWork>());
    }
}
