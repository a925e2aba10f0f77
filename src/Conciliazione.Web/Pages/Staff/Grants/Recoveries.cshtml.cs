using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Grants;

/// <summary>
/// "Recuperi": what families owe back after a revocation (DPR 445/2000 art. 75), one row per
/// revoked grant on which something had been paid, newest first, with the total still open.
/// Staff of the alliance only; collected or netted with the payouts (next issue), so for now a
/// recovery is only listed.
/// </summary>
public sealed class RecoveriesModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid ApplicationId, string ProtocolNumber, string CallReference, decimal Amount, string Reason, DateTimeOffset RecordedAt, string RecordedBy, DateTimeOffset? SettledAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public decimal Open => Rows.Where(r => r.SettledAt is null).Sum(r => r.Amount);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        Rows = await (from r in db.Recoveries.AsNoTracking()
                      join a in db.Applications.AsNoTracking() on r.ApplicationId equals a.Id
                      join c in db.Calls.AsNoTracking() on a.CallId equals c.Id
                      join u in db.Users.AsNoTracking() on r.RecordedBy equals u.Id into recorders
                      from u in recorders.DefaultIfEmpty()
                      where r.AllianceId == allianceId && a.AllianceId == allianceId
                      orderby r.RecordedAt descending
                      select new Row(a.Id, a.ProtocolNumber ?? "", c.ReferenceNumber, r.Amount, r.Reason, r.RecordedAt, u != null ? u.DisplayName : "", r.SettledAt))
            .ToListAsync(ct);
    }
}
