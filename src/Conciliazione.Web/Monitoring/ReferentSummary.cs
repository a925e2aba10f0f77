using System.Data;
using Conciliazione.Domain.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Monitoring;

/// <summary>
/// Rebuilds the referent dashboard's summary (ADR 0110): <c>referent_application_cells</c> and
/// <c>referent_grant_cells</c> from the raw applications, grants and vouchers, and the time of the rebuild per
/// alliance (<c>referent_summary_refreshes</c>, the page's "dati aggiornati al"). A recurring job every
/// <see cref="Cron"/> (<see cref="JobId"/>); <see cref="MunicipalityDashboard"/> also rebuilds on the spot
/// when an alliance has never been summarised (first visit after deploying, a new alliance).
/// </summary>
/// <remarks>
/// One REPEATABLE READ transaction: the cells are one snapshot of the raw tables, readers keep seeing the
/// previous cells until it commits (no lock blocks a reader or a submission). Two rebuilds never run at once
/// (a session advisory lock, taken before the transaction so the waiting one's snapshot includes the other's
/// commit). Everything committed before <c>refreshed_at</c> is in the cells. The cells are written in (alliance,
/// municipality) order, so one municipality's few dozen rows sit on one or two pages for the dashboard's lookups.
/// </remarks>
public sealed class ReferentSummary(AppDbContext db, TimeProvider clock)
{
    public const string JobId = "referent-summary";

    /// <summary>Every 10 minutes: the referents' figures are at most that old (rounded to 5 anyway, ADR 0102).</summary>
    public const string Cron = "*/10 * * * *";

    private const long LockKey = 0x5245_4645_5245_4e54; // "REFERENT"

    private const string ApplicationsSql = """
        INSERT INTO referent_application_cells (alliance_id, municipality_id, call_id, status, month, applications)
        SELECT c.alliance_id, a.residence_municipality_id, a.call_id, a.status,
               date_trunc('month', a.submitted_at AT TIME ZONE 'Europe/Rome')::date, count(*)::int
        FROM applications AS a
        JOIN calls AS c ON c.id = a.call_id
        WHERE a.residence_municipality_id IS NOT NULL AND a.status <> 'Draft' AND a.submitted_at IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 1, 2
        """;

    private const string GrantsSql = """
        INSERT INTO referent_grant_cells (alliance_id, municipality_id, call_id, month, grants, granted, paid_vouchers, paid)
        SELECT g.alliance_id, a.residence_municipality_id, g.call_id,
               date_trunc('month', g.granted_at AT TIME ZONE 'Europe/Rome')::date,
               count(*) FILTER (WHERE g.status = 'Active')::int,
               coalesce(sum(g.amount) FILTER (WHERE g.status = 'Active'), 0),
               count(v.id) FILTER (WHERE v.paid > 0)::int,
               coalesce(sum(v.paid), 0)
        FROM grants AS g
        JOIN applications AS a ON a.id = g.application_id
        LEFT JOIN vouchers AS v ON v.grant_id = g.id
        WHERE a.residence_municipality_id IS NOT NULL
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2
        """;

    private const string RefreshedSql = """
        INSERT INTO referent_summary_refreshes (alliance_id, refreshed_at)
        SELECT id, @at FROM alliances
        ON CONFLICT (alliance_id) DO UPDATE SET refreshed_at = excluded.refreshed_at
        """;

    /// <summary>The recurring job: rebuilds the summary of every alliance.</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(600)]
    [JobDisplayName("Aggiornamento dei cruscotti dei comuni")]
    public Task RefreshAsync(CancellationToken ct) => RunAsync(null, ct);

    /// <summary>Rebuilds the summary unless <paramref name="allianceId"/> has one already (checked once the rebuild lock is held).</summary>
    public Task EnsureAsync(Guid allianceId, CancellationToken ct) => RunAsync(allianceId, ct);

    private async Task RunAsync(Guid? unlessSummarised, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("The referent summary is rebuilt in a transaction of its own, not inside the caller's.");
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@key)", ct, ("key", LockKey));
            try
            {
                if (unlessSummarised is { } alliance
                    && await ExecuteScalarAsync(connection, "SELECT count(*) FROM referent_summary_refreshes WHERE alliance_id = @alliance", ct, ("alliance", alliance)) > 0)
                {
                    return;
                }

                var at = clock.GetUtcNow();
                await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
                await ExecuteAsync(connection, tx, "SET LOCAL work_mem = '64MB'", ct); // the region's groups in memory, not spilled to disk
                await ExecuteAsync(connection, tx, "DELETE FROM referent_application_cells", ct);
                await ExecuteAsync(connection, tx, "DELETE FROM referent_grant_cells", ct);
                await ExecuteAsync(connection, tx, ApplicationsSql, ct);
                await ExecuteAsync(connection, tx, GrantsSql, ct);
                await ExecuteAsync(connection, tx, RefreshedSql, ct, ("at", at));
                await tx.CommitAsync(ct);
            }
            finally
            {
                await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey));
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = 600 };
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ExecuteScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
