using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// Two database roles (ADR 0035): the owner, which migrates (<c>ConnectionStrings:Migrations</c>),
/// and the portal's runtime role (<c>ConnectionStrings:Default</c>), which may read and write the
/// data but only INSERT and SELECT the audit trail.
/// </summary>
/// <remarks>
/// SECURITY-CHECKS "Audit log": with the portal connected as the owner of <c>audit_events</c>, a
/// flaw anywhere in the portal (or anyone holding its connection string) could rewrite or erase
/// the trail. The grants are applied after every migration, and default privileges cover tables a
/// later migration adds, so a migration run outside the portal (see docs/operations.md) keeps them.
/// </remarks>
public static class DatabaseRoles
{
    public const string AuditTable = "audit_events";

    /// <summary>
    /// Migrates as the owner, installs the job engine's schema (<paramref name="jobsSchema"/>) as the
    /// owner too, and grants the runtime role its privileges on both; without a separate owner
    /// connection, migrates as the runtime role (and Hangfire installs its own schema at start).
    /// </summary>
    public static async Task MigrateAsync(IConfiguration config, AppDbContext runtime, string jobsSchema, CancellationToken ct = default)
    {
        var owner = config.GetConnectionString("Migrations");
        var runtimeUser = new NpgsqlConnectionStringBuilder(config.GetConnectionString("Default")).Username;
        if (string.IsNullOrWhiteSpace(owner))
        {
            await runtime.Database.MigrateAsync(ct);
            return;
        }

        await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UsePortalDatabase(owner).Options);
        await db.Database.MigrateAsync(ct);
        Notifications.JobsSetup.InstallSchema(owner, jobsSchema);
        var ownerUser = new NpgsqlConnectionStringBuilder(owner).Username;
        if (!string.IsNullOrEmpty(runtimeUser) && !string.Equals(runtimeUser, ownerUser, StringComparison.Ordinal))
        {
            await GrantAsync(db, runtimeUser, jobsSchema, ct);
        }
    }

    private static async Task GrantAsync(AppDbContext owner, string runtimeUser, string jobsSchema, CancellationToken ct)
    {
        var role = Quote(runtimeUser);
        var jobs = Quote(jobsSchema);
        string[] statements =
        [
            $"GRANT USAGE ON SCHEMA public TO {role}",
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
            $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
            $"REVOKE UPDATE, DELETE, TRUNCATE ON {AuditTable} FROM {role}",
            $"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
            $"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
            // Hangfire's own tables: the job engine reads and writes them as the runtime role.
            $"GRANT USAGE ON SCHEMA {jobs} TO {role}",
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {jobs} TO {role}",
            $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {jobs} TO {role}",
        ];
        foreach (var sql in statements)
        {
            await owner.Database.ExecuteSqlRawAsync(sql, ct);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
