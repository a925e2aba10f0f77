using System.Data;
using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// What a database server says about the data it serves: whether it is a standby replaying the primary's
/// WAL, its clock, the commit time of the last transaction it replayed, and whether it has replayed all the
/// WAL it received.
/// </summary>
public sealed record ReplicaState(bool InRecovery, DateTimeOffset Now, DateTimeOffset? ReplayedAt, bool CaughtUp)
{
    /// <summary>
    /// How far behind the primary the data are: zero on a primary and on a standby that replayed all it
    /// received (an idle primary sends nothing, so an old last-commit time alone is not lag); otherwise
    /// the time since the last replayed commit.
    /// </summary>
    public TimeSpan Lag => !InRecovery || CaughtUp ? TimeSpan.Zero
        : ReplayedAt is { } at && Now > at ? Now - at
        : ReplayedAt is null ? TimeSpan.MaxValue : TimeSpan.Zero;

    /// <summary>The instant the data are complete up to: now, or the last replayed commit when lagging.</summary>
    public DateTimeOffset AsOf => Lag == TimeSpan.Zero ? Now : ReplayedAt ?? DateTimeOffset.MinValue;
}

/// <summary>Reads <see cref="ReplicaState"/> from the server a context is connected to (an interface so tests can give a lag).</summary>
public interface IReplicaLag
{
    Task<ReplicaState> ReadAsync(AppDbContext db, CancellationToken ct);
}

/// <summary>
/// <see cref="ReplicaState"/> from PostgreSQL's own functions: <c>pg_is_in_recovery()</c>,
/// <c>pg_last_xact_replay_timestamp()</c>, and the received and replayed WAL positions (equal when the
/// standby has applied everything; replay paused with new WAL waiting makes them differ).
/// </summary>
public sealed class PostgresReplicaLag : IReplicaLag
{
    public const string Sql = """
        SELECT pg_is_in_recovery(), now(), pg_last_xact_replay_timestamp(),
               coalesce(pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn(), false)
        """;

    public async Task<ReplicaState> ReadAsync(AppDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = Sql;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var inRecovery = reader.GetBoolean(0);
            var now = Utc(reader.GetFieldValue<DateTime>(1));
            DateTimeOffset? replayed = reader.IsDBNull(2) ? null : Utc(reader.GetFieldValue<DateTime>(2));
            return new ReplicaState(inRecovery, now, replayed, reader.GetBoolean(3));
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
