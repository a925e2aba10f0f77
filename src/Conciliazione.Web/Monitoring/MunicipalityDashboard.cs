using Conciliazione.Domain.Data;

namespace Conciliazione.Web.Monitoring;

/// <summary>
/// What a municipal referent's dashboard shows: aggregates only, for one municipality of one alliance.
/// (Skeleton: the referent dashboard work fills the shape; <see cref="Applications"/> stays, the benchmark reads it.)
/// </summary>
public sealed record MunicipalityDashboardData(int Applications);

/// <summary>Loads <see cref="MunicipalityDashboardData"/> (issue 15). The municipality always comes from the referent's claim.</summary>
public sealed class MunicipalityDashboard(AppDbContext db)
{
    public Task<MunicipalityDashboardData> LoadAsync(Guid allianceId, Guid municipalityId, DateOnly today, CancellationToken ct)
    {
        _ = db;
        throw new NotImplementedException("Issue 15: referent dashboard");
    }
}
