using Conciliazione.Domain.Data;
using Conciliazione.Domain.Reporting;
using Conciliazione.Web.Exports;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Reporting;

/// <summary>
/// Gathers the content of a monitoring report from the portal's records (issue 16): the alliance
/// and its partners; each action with objectives, indicators against targets and evidence; the
/// calls; spending and co-financing against the plan; the meetings. Reads through the same services
/// as the pages (<see cref="Monitoring.IndicatorBoard"/>, <see cref="Monitoring.SpendingReport"/>...),
/// so the report and the pages agree.
/// </summary>
public sealed class ReportBuilder(AppDbContext db)
{
    public async Task<ReportContent> BuildAsync(MonitoringReport report, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var alliance = await db.Alliances.AsNoTracking().SingleAsync(a => a.Id == report.AllianceId, ct);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == report.ProjectId, ct);
        var partners = await db.Partners.AsNoTracking()
            .Where(p => p.AllianceId == report.AllianceId)
            .OrderByDescending(p => p.IsLeadPartner).ThenBy(p => p.Name)
            .Select(p => new { p.Name, p.Type, p.IsLeadPartner })
            .ToListAsync(ct);

        var partnership = new ReportSection(
            "partenariato",
            "Il partenariato",
            [$"{alliance.Name}: ente capofila {alliance.LeadPartnerName}, {partners.Count} partner."],
            [new ExportTable(
                "partner",
                "Partner dell'alleanza",
                [new ExportColumn("Partner"), new ExportColumn("Tipo"), new ExportColumn("Ruolo")],
                [.. partners.Select(p => (IReadOnlyList<object?>)[p.Name, p.Type.ToString(), p.IsLeadPartner ? "Capofila" : "Partner"])])],
            []);

        return new ReportContent(
            alliance.Name,
            alliance.LeadPartnerName,
            project.Title,
            report.PeriodKey,
            report.Period.Label,
            report.PeriodStart,
            report.PeriodEnd,
            report.Version,
            now,
            [partnership]);
    }
}
