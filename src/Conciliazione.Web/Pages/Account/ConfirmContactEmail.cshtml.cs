using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Account;

/// <summary>
/// Target of the link that verifies a family's contact e-mail. The GET only shows a button; the
/// POST (antiforgery) verifies, so a mail scanner that follows links confirms nothing. No sign-in
/// needed: the link may be opened on another device, and the token names the account and address.
/// </summary>
public sealed class ConfirmContactEmailModel(AppDbContext db, ContactEmailLinks links, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public bool LinkValid { get; private set; }

    public bool Confirmed { get; private set; }

    public void OnGet() => LinkValid = links.Read(Token) is not null;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (links.Read(Token) is not { } target)
        {
            return Page();
        }

        var (userId, email) = target;
        var profile = await db.FamilyProfiles.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (profile is null || !profile.VerifyContactEmail(email, clock.GetUtcNow()))
        {
            return Page();
        }

        audit.Add(AuditActions.ContactEmailVerified, "User", userId.ToString(), actorId: userId);
        await db.SaveChangesAsync(ct);
        LinkValid = true;
        Confirmed = true;
        return Page();
    }
}
