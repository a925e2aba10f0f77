using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
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
public sealed record MunicipalityDashboardData(
    int Applications,
    IReadOnlyList<DashboardCall> Calls,
    IReadOnlyList<ApplicationCell> ApplicationCells,
    IReadOnlyList<GrantCell> GrantCells)
{
    public int Grants => GrantCells.Sum(g => g.Grants);

    public decimal Granted => GrantCells.Sum(g => g.Granted);

    public int PaidVouchers => GrantCells.Sum(g => g.PaidVouchers);

    public decimal Paid => GrantCells.Sum(g => g.Paid);
}

/// <summary>Loads <see cref="MunicipalityDashboardData"/> (issue 15). The municipality always comes from the referent's claim.</summary>
/// <remarks>
/// Two grouped queries in SQL, so the projection is visibly aggregate-only and fast on a region-size table: the
/// applications one reads the index (residence_municipality_id, call_id, status) INCLUDE (submitted_at) only; the
/// grants one joins the residents' applications to their grants and vouchers. The alliance is checked through the
/// call (a municipality belongs to one alliance, but the call is what the alliance owns). Months are Europe/Rome.
/// </remarks>
public sealed class MunicipalityDashboard(AppDbContext db)
{
    private const string ApplicationsSql = """
        SELECT a.call_id, a.status, date_trunc('month', a.submitted_at AT TIME ZONE 'Europe/Rome')::date AS month, count(*)::int
        FROM applications AS a
        JOIN calls AS c ON c.id = a.call_id AND c.alliance_id = @alliance
        WHERE a.residence_municipality_id = @municipality AND a.status <> 'Draft' AND a.submitted_at IS NOT NULL
        GROUP BY a.call_id, a.status, month
        """;

    private const string GrantsSql = """
        SELECT g.call_id, date_trunc('month', g.granted_at AT TIME ZONE 'Europe/Rome')::date AS month,
               count(*) FILTER (WHERE g.status = 'Active')::int,
               coalesce(sum(g.amount) FILTER (WHERE g.status = 'Active'), 0),
               count(v.id) FILTER (WHERE v.paid > 0)::int,
               coalesce(sum(v.paid), 0)
        FROM grants AS g
        JOIN applications AS a ON a.id = g.application_id
        LEFT JOIN vouchers AS v ON v.grant_id = g.id
        WHERE a.residence_municipality_id = @municipality AND g.alliance_id = @alliance
        GROUP BY g.call_id, month
        """;

    public async Task<MunicipalityDashboardData> LoadAsync(Guid allianceId, Guid municipalityId, DateOnly today, CancellationToken ct)
    {
        _ = today; // The figures are "as of now"; kept in the signature for period filters and the benchmark.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        var applications = new List<ApplicationCell>();
        var grants = new List<GrantCell>();
        try
        {
            var tx = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            await using (var cmd = new NpgsqlCommand(ApplicationsSql, connection, tx))
            {
                cmd.Parameters.AddWithValue("alliance", allianceId);
                cmd.Parameters.AddWithValue("municipality", municipalityId);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    applications.Add(new ApplicationCell(reader.GetGuid(0), Enum.Parse<ApplicationStatus>(reader.GetString(1)), reader.GetFieldValue<DateOnly>(2), reader.GetInt32(3)));
                }
            }

            await using (var cmd = new NpgsqlCommand(GrantsSql, connection, tx))
            {
                cmd.Parameters.AddWithValue("alliance", allianceId);
                cmd.Parameters.AddWithValue("municipality", municipalityId);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    grants.Add(new GrantCell(reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt32(2), reader.GetDecimal(3), reader.GetInt32(4), reader.GetDecimal(5)));
                }
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        var callIds = applications.Select(a => a.CallId).Concat(grants.Select(g => g.CallId)).Distinct().ToList();
        var calls = callIds.Count == 0
            ? []
            : await db.Calls.AsNoTracking()
                .Where(c => c.AllianceId == allianceId && callIds.Contains(c.Id))
                .Join(db.ProjectActions, c => c.ActionId, a => a.Id, (c, a) => new DashboardCall(c.Id, c.ReferenceNumber, c.Title, a.Code, a.Title, a.SortOrder))
                .ToListAsync(ct);
        var ordered = calls.OrderBy(c => c.ActionOrder).ThenBy(c => c.Reference, StringComparer.Ordinal).ToList();
        return new MunicipalityDashboardData(applications.Sum(a => a.Count), ordered, applications, grants);
    }
}
