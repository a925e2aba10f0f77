using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Conciliazione.Web.Monitoring;

/// <summary>A call of the alliance that residents of the municipality applied to, with its project action.</summary>
public sealed record DashboardCall(Guid Id, string Reference, string Title, string ActionCode, string ActionTitle, int ActionOrder);

/// <summary>How many submitted applications of residents a call has in one status, by month of submission (Europe/Rome).</summary>
public sealed record ApplicationCell(Guid CallId, ApplicationStatus Status, DateOnly Month, int Count);

/// <summary>
/// The grants of residents on a call, by month of grant (Europe/Rome): active grants and the euros they commit, and
/// the vouchers with something paid and the euros paid (also on grants released later: that money did leave).
/// </summary>
public sealed record GrantCell(Guid CallId, DateOnly Month, int Grants, decimal Granted, int PaidVouchers, decimal Paid);

/// <summary>
/// What a municipal referent's dashboard shows: aggregates only, for one municipality of one alliance. Counts and
/// sums, never a row per family: no name, codice fiscale, ISEE or health field can reach the page (SECURITY-CHECKS #17).
/// The raw counts are here; <see cref="SmallCounts"/> decides what a person may read of them (ADR 0102).
/// </summary>
/// <param name="Applications">Submitted applications of residents (every status but draft).</param>
/// <param name="RefreshedAt">When the summary these figures come from was rebuilt (ADR 0110): everything committed before is counted.</param>
public sealed record MunicipalityDashboardData(
    int Applications,
    IReadOnlyList<DashboardCall> Calls,
    IReadOnlyList<ApplicationCell> ApplicationCells,
    IReadOnlyList<GrantCell> GrantCells,
    DateTimeOffset RefreshedAt)
{
    public int Grants => GrantCells.Sum(g => g.Grants);

    public decimal Granted => GrantCells.Sum(g => g.Granted);

    public int PaidVouchers => GrantCells.Sum(g => g.PaidVouchers);

    public decimal Paid => GrantCells.Sum(g => g.Paid);
}

/// <summary>One command the dashboard sends: its text and parameters (the benchmark replays exactly these, ADR 0105).</summary>
public sealed record DashboardQuery(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

/// <summary>Loads <see cref="MunicipalityDashboardData"/> (issue 15). The municipality always comes from the referent's claim.</summary>
/// <remarks>
/// The figures come from the summary that <see cref="ReferentSummary"/> rebuilds every 10 minutes (ADR 0110): four
/// primary-key lookups of a few dozen rows, whatever the size of the region, instead of grouping up to tens of
/// thousands of applications, grants and vouchers on each visit. When the alliance has never been summarised (first
/// visit after deploying) the summary is rebuilt first. The alliance is checked through the summary's key, which
/// is the call's alliance (a municipality belongs to one alliance, but the call is what the alliance owns).
/// Months are Europe/Rome. The cells are read through <see cref="ReadDatabase"/> (the read replica when there is one,
/// ADR 0148); a rebuild happens on the primary, and the figures right after it are read there, since the replica
/// may not have replayed it yet.
/// </remarks>
public sealed class MunicipalityDashboard(AppDbContext db, ReadDatabase read, ReferentSummary summary)
{
    private const string RefreshedSql = "SELECT refreshed_at FROM referent_summary_refreshes WHERE alliance_id = @alliance";

    private const string ApplicationsSql = """
        SELECT call_id, status, month, applications FROM referent_application_cells
        WHERE alliance_id = @alliance AND municipality_id = @municipality
        """;

    private const string GrantsSql = """
        SELECT call_id, month, grants, granted, paid_vouchers, paid FROM referent_grant_cells
        WHERE alliance_id = @alliance AND municipality_id = @municipality
        """;

    // The alliance's calls (a few dozen over the years); those the cells name are kept in memory.
    private const string CallsSql = """
        SELECT c.id, c.reference_number, c.title, pa.code, pa.title, pa.sort_order
        FROM calls AS c
        JOIN project_actions AS pa ON pa.id = c.action_id
        WHERE c.alliance_id = @alliance
        """;

    /// <summary>
    /// The commands <see cref="LoadAsync"/> sends, in order, in one batch (<see cref="Batch"/>, one round trip): when the
    /// summary was rebuilt, the application cells, the grant cells, the alliance's calls.
    /// </summary>
    public static IReadOnlyList<DashboardQuery> Queries(Guid allianceId, Guid municipalityId)
    {
        NpgsqlParameter[] Both() => [new("alliance", allianceId), new("municipality", municipalityId)];
        return
        [
            new(RefreshedSql, [new NpgsqlParameter("alliance", allianceId)]),
            new(ApplicationsSql, Both()),
            new(GrantsSql, Both()),
            new(CallsSql, [new NpgsqlParameter("alliance", allianceId)]),
        ];
    }

    /// <summary>The queries as one <see cref="NpgsqlBatch"/> on <paramref name="connection"/> (parameters copied).</summary>
    public static NpgsqlBatch Batch(IEnumerable<DashboardQuery> queries, NpgsqlConnection connection)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var q in queries)
        {
            var command = new NpgsqlBatchCommand(q.Sql);
            foreach (var p in q.Parameters)
            {
                command.Parameters.Add(p.Clone());
            }

            batch.BatchCommands.Add(command);
        }

        return batch;
    }

    public async Task<MunicipalityDashboardData> LoadAsync(Guid allianceId, Guid municipalityId, DateOnly today, CancellationToken ct)
    {
        _ = today; // The figures are "as of the last rebuild"; kept in the signature for period filters and the benchmark.
        return await ReadAsync(await read.GetAsync(ct), allianceId, municipalityId, ct) ?? await RebuiltAsync(allianceId, municipalityId, ct);
    }

    private async Task<MunicipalityDashboardData> RebuiltAsync(Guid allianceId, Guid municipalityId, CancellationToken ct)
    {
        await summary.EnsureAsync(allianceId, ct);
        return await ReadAsync(db, allianceId, municipalityId, ct)
            ?? throw new InvalidOperationException("The referent summary has no refresh time for the alliance after being rebuilt.");
    }

    /// <summary>The figures from the summary, or null when the alliance has never been summarised.</summary>
    private static async Task<MunicipalityDashboardData?> ReadAsync(AppDbContext db, Guid allianceId, Guid municipalityId, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        var applications = new List<ApplicationCell>();
        var grants = new List<GrantCell>();
        var calls = new List<DashboardCall>();
        DateTimeOffset? refreshedAt = null;
        try
        {
            await using var batch = Batch(Queries(allianceId, municipalityId), connection);
            batch.Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                refreshedAt = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                applications.Add(new ApplicationCell(reader.GetGuid(0), Enum.Parse<ApplicationStatus>(reader.GetString(1)), reader.GetFieldValue<DateOnly>(2), reader.GetInt32(3)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                grants.Add(new GrantCell(reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt32(2), reader.GetDecimal(3), reader.GetInt32(4), reader.GetDecimal(5)));
            }

            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                calls.Add(new DashboardCall(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5)));
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        if (refreshedAt is not { } at)
        {
            return null;
        }

        var named = applications.Select(a => a.CallId).Concat(grants.Select(g => g.CallId)).ToHashSet();
        var ordered = calls.Where(c => named.Contains(c.Id)).OrderBy(c => c.ActionOrder).ThenBy(c => c.Reference, StringComparer.Ordinal).ToList();
        return new MunicipalityDashboardData(applications.Sum(a => a.Count), ordered, applications, grants, at);
    }
}
