using Conciliazione.Domain.Data;
using Conciliazione.Domain.Reporting;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Reporting;

/// <summary>
/// The report versions an ATS auditor may see: those staff submitted to the ATS, of the auditor's
/// own alliance, and ready (ADR 0117). Anything else is, for the auditor, not there at all.
/// </summary>
/// <remarks>
/// The alliance is the auditor's claim (<c>ApplicationUser.AllianceId</c>), never a parameter: an
/// auditor of another ATS asking for this alliance's report by id gets the same 404 as for an unknown
/// id, so the answer does not reveal that the report exists (issue 16 "Bad input").
/// </remarks>
public static class SubmittedReports
{
    public static IQueryable<MonitoringReport> For(AppDbContext db, Guid? allianceId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return allianceId is not { } alliance
            ? db.MonitoringReports.AsNoTracking().Where(r => false)
            : db.MonitoringReports.AsNoTracking().Where(r => r.AllianceId == alliance && r.Status == ReportStatus.Ready && r.SubmittedAt != null);
    }

    /// <summary>
    /// The version this one corrects: the latest earlier version of the same project and period that
    /// was also submitted (unsubmitted drafts in between are not the ATS's business); null for the first.
    /// </summary>
    public static int? Replaces(IEnumerable<int> submittedVersions, int version) =>
        submittedVersions.Where(v => v < version).Select(v => (int?)v).Max();
}
