using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Calls;

/// <summary>Public download of a published call's official document (attachment, clean name); drafts are not found.</summary>
public sealed class DocumentModel(AppDbContext db, CurrentAlliance alliance) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var allianceId = (await alliance.GetAsync(ct))?.Id;
        var file = await db.Calls.AsNoTracking()
            .Where(c => c.Id == id && c.AllianceId == allianceId && c.Status != CallStatus.Draft && c.DocumentFileName != null)
            .Join(db.CallDocuments, c => c.Id, d => d.CallId, (c, d) => new { c.DocumentFileName, d.Content })
            .FirstOrDefaultAsync(ct);
        return file is null ? NotFound() : File(file.Content, "application/pdf", file.DocumentFileName);
    }
}
