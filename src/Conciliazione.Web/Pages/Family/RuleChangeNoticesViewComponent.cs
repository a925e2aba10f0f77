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
        var rows = userId is null ? [] : await (
            from n in db.CallRuleNotices.AsNoTracking()
            where n.FamilyUserId == userId && (applicationId == null || n.ApplicationId == applicationId)
            join a in db.Applications on n.ApplicationId equals a.Id
            where a.Status == ApplicationStatus.Draft && a.FamilyUserId == userId
            join c in db.Calls on n.CallId equals c.Id
            join v in db.CallVersions on new { n.CallId, Number = n.VersionNumber } equals new { v.CallId, v.Number }
            orderby n.CreatedAt descending
            select new Row(n.ApplicationId, c.ReferenceNumber, c.Title, n.VersionNumber, n.CreatedAt, v.AmendmentReason ?? "")).ToListAsync(ct);
        return View(rows);
    }
}
