using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Applications;

/// <summary>
/// The submitted applications of the staff user's alliance, with their documents. Downloads are
/// audited; another alliance's document is a 404. (Review, ranking and grants come later.)
/// </summary>
public sealed class IndexModel(AppDbContext db, AuditLog audit) : PageModel
{
    public sealed record DocumentRow(Guid Id, string FileName);

    public sealed record Row(string ProtocolNumber, string CallReference, DateTimeOffset SubmittedAt, ApplicationStatus Status, IReadOnlyList<DocumentRow> Documents);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        Rows = await db.Applications.AsNoTracking()
            .Where(a => a.AllianceId == allianceId && a.Status != ApplicationStatus.Draft)
            .OrderBy(a => a.ProtocolNumber)
            .Select(a => new Row(
                a.ProtocolNumber!,
                db.Calls.Where(c => c.Id == a.CallId).Select(c => c.ReferenceNumber).First(),
                a.SubmittedAt!.Value,
                a.Status,
                a.Documents.OrderBy(d => d.UploadedAt).Select(d => new DocumentRow(d.Id, d.FileName)).ToList()))
            .Take(500)
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnGetDocumentAsync(Guid documentId, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var file = await db.ApplicationDocuments.AsNoTracking()
            .Where(d => d.Id == documentId && db.Applications.Any(a => a.Id == d.ApplicationId && a.AllianceId == allianceId && a.Status != ApplicationStatus.Draft))
            .Select(d => new { d.FileName, d.Kind, Bytes = d.Content!.Bytes })
            .SingleOrDefaultAsync(ct);
        if (file is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.DocumentDownloaded, "ApplicationDocument", documentId.ToString(), ct: ct);
        return File(file.Bytes, FileSignature.ContentType(file.Kind), file.FileName);
    }
}
