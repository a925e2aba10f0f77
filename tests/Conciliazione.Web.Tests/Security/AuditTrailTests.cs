using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Conciliazione.Web.Tests.Security;

/// <summary>
/// The audit trail cannot be altered by the portal's runtime role, and an audit row exists only
/// if its change was committed (ADR 0035).
/// </summary>
public sealed class AuditTrailTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task RuntimeRole_CanInsertAndSelect_ButNotUpdateOrDeleteAuditRows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(TestDatabase.RuntimeRole, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Username);

        db.AuditEvents.Add(AuditEvent.Record(DateTimeOffset.UtcNow, null, "test.audit", null, null, null, null, null));
        await db.SaveChangesAsync(ct);
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "test.audit", ct));

        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            db.AuditEvents.ExecuteUpdateAsync(u => u.SetProperty(e => e.Details, "riscritto"), ct));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.AuditEvents.ExecuteDeleteAsync(ct));
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_events", ct));

        Assert.All([update, delete, truncate], e => Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "test.audit" && e.Details == null, ct));
    }

    [Fact]
    public async Task RuntimeRole_StillWritesEveryOtherTable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var updated = await db.Users.ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, x => x.DisplayName), ct);

        Assert.True(updated >= 0);
    }

    [Fact]
    public async Task RolledBackChange_LeavesNoAuditRow()
    {
        var ct = TestContext.Current.CancellationToken;
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        await using var scope = Factory.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(staff.Id.ToString()))!;

        await Assert.ThrowsAsync<InvalidOperationException>(() => audit.InTransactionAsync(async _ =>
        {
            user.Disable();
            await users.UpdateAsync(user);
            audit.Add(AuditActions.UserDisabled, "User", user.Id.ToString());
            throw new InvalidOperationException("failure after the change, before the commit");
        }, ct));

        Assert.False(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == AuditActions.UserDisabled, ct)));
        var stored = await Factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == staff.Id, ct));
        Assert.False(stored.IsDisabled);
    }
}
