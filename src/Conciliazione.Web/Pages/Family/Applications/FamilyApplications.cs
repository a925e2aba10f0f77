using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// The only way family pages reach applications: always filtered by the signed-in family, so an
/// id that is not theirs simply does not exist for them (404, SECURITY-CHECKS #11-#12).
/// </summary>
internal static class FamilyApplications
{
    public static IQueryable<Application> OwnedBy(this AppDbContext db, Guid? familyUserId) =>
        db.Applications.Where(a => familyUserId != null && a.FamilyUserId == familyUserId);

    /// <summary>
    /// The signed-in family's draft <paramref name="id"/> and its call, for the wizard pages; or the
    /// answer to give instead: 404 when it is not theirs (or the call is gone), the details page
    /// once it has been submitted.
    /// </summary>
    public static async Task<(Application? Draft, CallForApplicants? Call, IActionResult? Instead)> LoadDraftAsync(
        this PageModel page, AppDbContext db, ICallCatalog calls, Guid id, bool withDocuments, CancellationToken ct)
    {
        var query = db.OwnedBy(page.User.UserId());
        if (withDocuments)
        {
            query = query.Include(a => a.Documents);
        }

        var draft = await query.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (draft is null)
        {
            return (null, null, page.NotFound());
        }

        if (!draft.IsDraft)
        {
            return (null, null, page.RedirectToPage("./Details", new { id }));
        }

        var call = await calls.FindAsync(draft.CallId, ct);
        return call is null ? (null, null, page.NotFound()) : (draft, call, null);
    }
}
