using System.Collections.Concurrent;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Plumbing;

/// <summary>
/// Two portal hosts on one database, as two instances behind nginx (scripts/cluster.sh, ADR 0140): one browser
/// whose requests land on either instance keeps its session and its forms, because the Data Protection keys that
/// protect the cookies and the antiforgery tokens live in PostgreSQL (ADR 0036); a job enqueued on either instance
/// runs once, although both instances' Hangfire servers poll the same queue.
/// </summary>
public sealed class TwoInstancesTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SessionAndFormsIssuedByOneInstance_AreAcceptedByTheOther()
    {
        var account = await TestAccounts.CreateAsync(instances.A, Roles.Admin);
        var browser = new CookieContainer();
        using var onA = instances.A.CreatePortalClient(browser);
        using var onB = instances.B.CreatePortalClient(browser);

        // The login form (antiforgery cookie and token) from A, posted to B.
        var login = await onA.GetDocumentAsync("/Account/Login");
        using var password = await onB.SubmitAsync(login, new Dictionary<string, string>
        {
            ["Input.Email"] = account.Email,
            ["Input.Password"] = account.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/Account/LoginWith2fa", password.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // The second step (B's two-factor cookie) from B, posted to A, which issues the session cookie.
        var second = await onB.GetDocumentAsync(password.Headers.Location.OriginalString);
        using var code = await onA.SubmitAsync(second, new Dictionary<string, string> { ["Input.Code"] = Totp.Code(account.TotpKey!) });
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.DoesNotContain("Lockout", code.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // A's session on B: a staff form read on B and saved through A, then read on A and saved through B.
        var form = await onB.GetDocumentAsync("/Staff/Alliance/Retention");
        using var savedOnA = await onA.SubmitAsync(form, new Dictionary<string, string> { ["Input.Months"] = "24" });
        Assert.Equal(HttpStatusCode.Redirect, savedOnA.StatusCode);
        Assert.Equal(24, await RetentionAsync());

        var again = await onA.GetDocumentAsync("/Staff/Alliance/Retention");
        using var savedOnB = await onB.SubmitAsync(again, new Dictionary<string, string> { ["Input.Months"] = "36" });
        Assert.Equal(HttpStatusCode.Redirect, savedOnB.StatusCode);
        Assert.Equal(36, await RetentionAsync());
    }

    [Fact]
    public async Task AFormFromAnotherKeyRing_IsRefused()
    {
        // The counter-proof: a host with its own database (its own keys) refuses A's token, so the test above
        // passes because the key ring is shared, not because tokens are never checked.
        await using var stranger = new PortalFactory();
        await stranger.InitializeAsync();
        var browser = new CookieContainer();
        using var onA = instances.A.CreatePortalClient(browser);
        using var onStranger = stranger.CreatePortalClient(browser);
        var login = await onA.GetDocumentAsync("/Account/Login");

        using var posted = await onStranger.SubmitAsync(login, new Dictionary<string, string>
        {
            ["Input.Email"] = "nessuno@example.org",
            ["Input.Password"] = TestAccounts.Password,
        });

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
    }

    [Fact]
    public async Task JobsEnqueuedOnEitherInstance_RunOnce_WithBothServersPolling()
    {
        var monitoring = instances.A.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await WaitUntilAsync(() => monitoring.Servers().Count == 2, "both instances' job servers registered");
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        var onA = instances.A.Services.GetRequiredService<IBackgroundJobClient>();
        var onB = instances.B.Services.GetRequiredService<IBackgroundJobClient>();

        var jobIds = ids.Select((id, i) => (i % 2 == 0 ? onA : onB).Enqueue<CountingJob>(j => j.RunAsync(id))).ToList();

        await WaitUntilAsync(
            () => jobIds.All(j => monitoring.JobDetails(j)?.History.FirstOrDefault()?.StateName == "Succeeded"),
            "every job succeeded");
        Assert.All(ids, id => Assert.Equal(1, CountingJob.Runs.GetValueOrDefault(id)));
    }

    private Task<int?> RetentionAsync() =>
        instances.A.WithDbAsync(db => db.Alliances.AsNoTracking().Where(a => a.Id == CastellanzaPlan.AllianceId).Select(a => a.RetentionMonths).SingleAsync(Ct));

    /// <summary>Polls observable state (at most 60 s on a busy machine), never a fixed sleep.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Not reached within 60 s: " + what);
            await Task.Delay(100, Ct);
        }
    }
}

/// <summary>A job that counts its executions per id, across both hosts (same process).</summary>
public sealed class CountingJob
{
    public static ConcurrentDictionary<Guid, int> Runs { get; } = new();

    public Task RunAsync(Guid id)
    {
        Runs.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Instance A (a <see cref="PortalFactory"/>: its database, migrated and seeded) and instance B, a second host on
/// A's database that neither migrates nor seeds, as the second instance of scripts/cluster.sh. No Respawn between
/// tests: it would delete the Data Protection keys under the hosts' cached key rings.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public PortalFactory A { get; } = new();

    public PortalFactory B { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        await A.InitializeAsync();
        // A loaded its key ring at start-up (Data Protection's hosted service creates the first key then), and
        // A's initialisation then emptied every table with Respawn, keys included: a state no running cluster
        // is in. A new key is stored and renews A's ring, so both hosts start from the same table.
        A.Services.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        B = new SecondInstance(A);
        _ = B.Services;

        // A renews its cached ring in the background: wait (observable state, at most 60 s) until what A
        // protects B can read, as it always can in a cluster whose key table nobody empties.
        var fromA = A.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("TwoInstances.probe");
        var onB = B.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("TwoInstances.probe");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                _ = onB.Unprotect(fromA.Protect("probe"));
                break;
            }
            catch (System.Security.Cryptography.CryptographicException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }

    private sealed class SecondInstance(PortalFactory first) : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Default", first.RuntimeConnectionString);
            builder.UseSetting("ConnectionStrings:Migrations", first.ConnectionString);
            builder.UseSetting("Portal:MigrateOnStartup", "false");
        }
    }
}
