using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>Opens a draft for a call, with the applicant's identity taken from SPID/CIE.</summary>
/// <remarks>
/// Idempotent: the form carries a start key (UNIQUE on applications). A double click or a replayed
/// POST finds the draft the key already opened, or loses the race on the unique index and is sent
/// to the winner's draft: one form, one draft.
/// </remarks>
public sealed class StartModel(AppDbContext db, ICallCatalog calls, TimeProvider clock) : PageModel
{
    public CallForApplicants Call { get; private set; } = default!;
    public IReadOnlyList<Guid> Drafts { get; private set; } = [];
    public Guid StartKey { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid callId, CancellationToken ct)
    {
        var found = await calls.FindAsync(callId, ct);
        if (found is null)
        {
            return NotFound();
        }

        Call = found;
        Drafts = await db.OwnedBy(User.UserId()).Where(a => a.CallId == callId && a.Status == ApplicationStatus.Draft).Select(a => a.Id).ToListAsync(ct);
        StartKey = Guid.NewGuid();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid callId, Guid startKey, CancellationToken ct)
    {
        if (await DraftForKeyAsync(startKey, ct) is { } existing)
        {
            return RedirectToPage("./Edit", new { id = existing });
        }

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

        if (startKey == Guid.Empty)
        {
            ModelState.AddModelError(string.Empty, "La pagina è scaduta: premi di nuovo \"Inizia una nuova domanda\".");
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
        }, clock.GetUtcNow(), startKey);
        db.Applications.Add(draft);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same form posted twice at once: the other request opened the draft.
            db.ChangeTracker.Clear();
            if (await DraftForKeyAsync(startKey, ct) is { } winner)
            {
                return RedirectToPage("./Edit", new { id = winner });
            }

            throw;
        }

        return RedirectToPage("./Edit", new { id = draft.Id });
    }

    private async Task<Guid?> DraftForKeyAsync(Guid startKey, CancellationToken ct) =>
        startKey == Guid.Empty
            ? null
            : await db.OwnedBy(User.UserId()).Where(a => a.StartKey == startKey).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
}
