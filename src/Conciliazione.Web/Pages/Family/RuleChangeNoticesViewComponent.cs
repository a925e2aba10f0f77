using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family;

/// <summary>
/// Tells the signed-in family that the rules of a call changed while their application was a
/// draft: every <c>CallRuleNotice</c> of their own drafts (or of one draft), newest first.
/// </summary>
/// <remarks>Reads only rows whose family is the signed-in user: a family never sees another's notices.</remarks>
public sealed class RuleChangeNoticesViewComponent(AppDbContext db) : ViewComponent
{
    public sealed record Row(Guid ApplicationId, string CallReference, string CallTitle, int VersionNumber, DateTimeOffset At, string Reason);

    public async Task<IViewComponentResult> InvokeAsync(Guid? applicationId)
    {
        var userId = UserClaimsPrincipal.UserId();
        var ct = HttpContext.RequestAborted;
        var rows = userId is null ? [] : await db.CallRuleNotices.AsNoTracking()
            .Where(n => n.FamilyUserId == userId && (applicationId == null || n.ApplicationId == applicationId))
            .Join(db.Applications.Where(a => a.Status == ApplicationStatus.Draft && a.FamilyUserId == userId), n => n.ApplicationId, a => a.Id, (n, a) => n)
            .Join(db.Calls, n => n.CallId, c => c.Id, (n, c) => new { n, c.ReferenceNumber, c.Title })
            .Join(db.CallVersions, x => new { x.n.CallId, Number = x.n.VersionNumber }, v => new { v.CallId, v.Number }, (x, v) => new Row(x.n.ApplicationId, x.ReferenceNumber, x.Title, x.n.VersionNumber, x.n.CreatedAt, v.AmendmentReason ?? ""))
            .OrderByDescending(r => r.At)
            .ToListAsync(ct);
        return View(rows);
    }
}
