using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>Opens a draft for a call, with the applicant's identity taken from SPID/CIE.</summary>
public sealed class StartModel(AppDbContext db, ICallCatalog calls, TimeProvider clock) : PageModel
{
    public CallForApplicants Call { get; private set; } = default!;
    public IReadOnlyList<Guid> Drafts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid callId, CancellationToken ct)
    {
        var found = await calls.FindAsync(callId, ct);
        if (found is null)
        {
            return NotFound();
        }

        Call = found;
        Drafts = await db.OwnedBy(User.UserId()).Where(a => a.CallId == callId && a.Status == ApplicationStatus.Draft).Select(a => a.Id).ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid callId, CancellationToken ct)
    {
        var result = await OnGetAsync(callId, ct);
        if (result is not PageResult)
        {
            return result;
        }

        if (!Call.IsOpenAt(clock.GetUtcNow()))
        {
            ModelState.AddModelError(string.Empty, "Il bando non accetta domande in questo momento: controlla le date di apertura e chiusura.");
            return Page();
        }

        var userId = User.UserId()!.Value;
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        var profile = await db.FamilyProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, ct);
        var draft = Application.StartDraft(Call.AllianceId, Call.Id, userId, new ApplicantSection
        {
            GivenName = profile?.GivenName ?? user.DisplayName,
            FamilyName = profile?.FamilyName ?? "",
            FiscalCode = user.FiscalCode ?? "",
            BirthDate = profile?.BirthDate,
            Email = profile?.ContactEmail ?? profile?.IdentityEmail,
            Phone = profile?.Phone,
        }, clock.GetUtcNow());
        db.Applications.Add(draft);
        await db.SaveChangesAsync(ct);
        return RedirectToPage("./Edit", new { id = draft.Id });
    }
}
