using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// Deletes a draft: a confirmation page, then the POST. Only the family's own draft (another
/// family's id is a 404); a submitted application cannot be deleted, only withdrawn. Deleting the
/// row releases what the draft holds: its uploaded documents and their contents (cascade).
/// </summary>
public sealed class DeleteModel(AppDbContext db, ICallCatalog calls) : PageModel
{
    public Application Draft { get; private set; } = default!;
    public CallForApplicants Call { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var result = await LoadAsync(id, ct);
        if (result is not null)
        {
            return result;
        }

        try
        {
            Draft.EnsureDiscardable();
            db.Applications.Remove(Draft);
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Submitted or changed in another window meanwhile: nothing was deleted.
            return RedirectToPage("./Details", new { id });
        }

        TempData["Message"] = "Bozza eliminata.";
        return RedirectToPage("./Index");
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var (draft, call, instead) = await this.LoadDraftAsync(db, calls, id, withDocuments: true, ct);
        if (instead is not null)
        {
            return instead;
        }

        (Draft, Call) = (draft!, call!);
        return null;
    }
}
