using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family;

/// <summary>The family area's home: greets the person by the name SPID/CIE asserted.</summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public string GivenName { get; private set; } = "";

    public bool HasVerifiedContactEmail { get; private set; }

    public int ApplicationCount { get; private set; }

    /// <summary>The family's vouchers (one per funded application): the home links to them.</summary>
    public int VoucherCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var profile = await db.FamilyProfiles.AsNoTracking()
            .Where(p => p.UserId == userId)
            .Select(p => new { p.GivenName, p.ContactEmail, p.ContactEmailVerifiedAt })
            .FirstOrDefaultAsync(ct);
        GivenName = profile?.GivenName is { Length: > 0 } given ? given : User.FindFirst(PortalClaims.DisplayName)?.Value ?? "";
        HasVerifiedContactEmail = profile is { ContactEmail: not null, ContactEmailVerifiedAt: not null };
        ApplicationCount = await db.Applications.CountAsync(a => userId != null && a.FamilyUserId == userId, ct);
        VoucherCount = await Conciliazione.Web.Vouchers.FamilyVouchers.VouchersOf(db, userId).CountAsync(ct);
    }
}
