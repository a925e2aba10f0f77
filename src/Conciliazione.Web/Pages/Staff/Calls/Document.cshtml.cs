using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>Staff download of a call's official document, drafts included (SECURITY-CHECKS #23: attachment, clean name).</summary>
public sealed class DocumentModel(AppDbContext db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var file = await db.Calls.AsNoTracking().Where(c => c.Id == id && c.AllianceId == allianceId && c.DocumentFileName != null)
            .Join(db.CallDocuments, c => c.Id, d => d.CallId, (c, d) => new { c.DocumentFileName, d.Content })
            .FirstOrDefaultAsync(ct);
        return file is null ? NotFound() : File(file.Content, "application/pdf", file.DocumentFileName);
    }
}
