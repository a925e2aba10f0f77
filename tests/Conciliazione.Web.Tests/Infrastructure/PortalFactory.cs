using Conciliazione.Domain.Data;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>
/// The portal in-process over its own PostgreSQL database (one per test class), migrated at
/// start. <see cref="ResetAsync"/> empties it with Respawn and seeds the roles and the
/// Castellanza alliance, so every test starts from the same state.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private Respawner? respawner;
    private int clientCount;

    public string ConnectionString => database.ConnectionString;

    /// <summary>As the portal's runtime role: for a second host on the same database (TwoInstancesTests).</summary>
    public string RuntimeConnectionString => database.RuntimeConnectionString;

    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), "conciliazione-mail-" + Guid.NewGuid().ToString("N"));

    public Mailbox Mailbox => new(MailDirectory);

    /// <summary>Portal:PublicOrigin in tests: e-mail links must start with it, whatever the request's host.</summary>
    public const string PublicOrigin = "https://portale.example.org";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", database.RuntimeConnectionString);
        builder.UseSetting("ConnectionStrings:Migrations", database.ConnectionString);
        builder.UseSetting("Portal:MigrateOnStartup", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Critical");
        builder.UseSetting("Portal:SeedDemoData", "false");
        builder.UseSetting("Portal:MailPickupDirectory", MailDirectory);
        builder.UseSetting("Portal:PublicOrigin", PublicOrigin);
        // The test clients talk to https://localhost (TestServer) or 127.0.0.1 (Kestrel, browser tests);
        // e-mail links use another origin on purpose, so a link built from the request would show.
        builder.UseSetting("AllowedHosts", "localhost;127.0.0.1");
        builder.UseSetting("DataProtection:CertificatePath", TestKeyCertificate.Path);
        builder.UseSetting("DataProtection:CertificatePassword", TestKeyCertificate.Password);
        // Check the security stamp on every request, so "disabled within a minute" is testable
        // without waiting a minute.
        builder.UseSetting("Portal:SecurityStampValidationInterval", "00:00:00");
        // A real Hangfire server in every test host, on the test class's database (schema
        // "hangfire", installed at start), polling often so tests wait briefly; stopped with the host.
        builder.UseSetting("Portal:Jobs:WorkerCount", "2");
        builder.UseSetting("Portal:Jobs:QueuePollInterval", "00:00:00.200");
        builder.UseSetting("Portal:Jobs:SchedulePollingInterval", "00:00:00.500");
        builder.UseSetting("Portal:Jobs:RetryDelays:0", "00:00:01");
        builder.UseSetting("Portal:Jobs:MaxAttempts", "30");
        builder.UseSetting("Portal:Jobs:RecurringJobs", "false");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, TestClientIpStartupFilter>());
    }

    public virtual async ValueTask InitializeAsync()
    {
        await database.CreateAsync();
        _ = Services; // starts the host: migrations run here
        await ResetAsync();
    }

    public async Task ResetAsync()
    {
        await using (var conn = new NpgsqlConnection(database.ConnectionString))
        {
            await conn.OpenAsync();
            respawner ??= await Respawner.CreateAsync(conn, new RespawnerOptions
            {
                DbAdapter = DbAdapter.Postgres,
                SchemasToInclude = ["public"],
                TablesToIgnore = ["__EFMigrationsHistory"],
            });
            await respawner.ResetAsync(conn);
        }

        // The rows went under EF's feet: no public page or reference datum cached before survives.
        await Services.GetRequiredService<Conciliazione.Web.Infrastructure.PublicContent>().ChangedAsync();
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RoleSeeder>().SeedAsync();
        await CastellanzaPlan.SeedAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        if (Directory.Exists(MailDirectory))
        {
            Directory.Delete(MailDirectory, recursive: true);
        }
    }

    public async Task WithDbAsync(Func<AppDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>A client over https://localhost (so Secure cookies flow) that does not follow redirects.</summary>
    public PortalClient CreatePortalClient() => CreatePortalClient(new System.Net.CookieContainer());

    /// <summary>A client with the given cookie jar: two hosts sharing one jar are one browser behind a load balancer.</summary>
    public PortalClient CreatePortalClient(System.Net.CookieContainer cookies)
    {
        var http = CreateDefaultClient(new Uri("https://localhost"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(cookies));
        http.DefaultRequestHeaders.Add(TestClientIpStartupFilter.Header, $"192.0.2.{Interlocked.Increment(ref clientCount) % 250}");
        return new PortalClient(http, cookies);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DropAsync();
        if (Directory.Exists(MailDirectory))
        {
            Directory.Delete(MailDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
