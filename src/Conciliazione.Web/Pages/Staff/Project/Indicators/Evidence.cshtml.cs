using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project.Indicators;

/// <summary>
/// The evidence document behind an indicator value: staff of the document's alliance only (404 for
/// anyone else's, whatever the id), as an attachment, each download audited.
/// </summary>
public sealed class EvidenceModel(AppDbContext db, AuditLog audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var file = await db.MonitoringDocuments.AsNoTracking()
            .Where(d => d.Id == id && d.AllianceId == allianceId && d.Purpose == MonitoringDocumentPurpose.IndicatorEvidence)
            .Select(d => new { d.FileName, d.ContentKind, d.Content })
            .SingleOrDefaultAsync(ct);
        if (file is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.IndicatorEvidenceDownloaded, nameof(MonitoringDocument), id.ToString(), ct: ct);
        return File(file.Content, FileSignature.ContentType(file.ContentKind), file.FileName);
    }
}
