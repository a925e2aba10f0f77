using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family;

/// <summary>
/// What the office is waiting for from the signed-in family: each open document request of their
/// applications (or of one application), first on the page, with what, by when and the link to
/// the upload page.
/// </summary>
/// <remarks>Reads only applications whose family is the signed-in user: a family never sees another's requests.</remarks>
public sealed class OpenDocumentRequestsViewComponent(AppDbContext db, TimeProvider clock) : ViewComponent
{
    public sealed record Row(Guid ApplicationId, string ProtocolNumber, IReadOnlyList<string> Items, string Message, DateTimeOffset DueAt, bool Overdue);

    /// <param name="applicationId">One application's requests, or (null) those of all the family's applications.</param>
    /// <param name="rows">The rows already read by the page (the application details page reads them in its one query).</param>
    public async Task<IViewComponentResult> InvokeAsync(Guid? applicationId, IReadOnlyList<Row>? rows)
    {
        if (rows is not null)
        {
            return View(rows);
        }

        var userId = UserClaimsPrincipal.UserId();
        var now = clock.GetUtcNow();
        var ct = HttpContext.RequestAborted;
        var requests = userId is null ? [] : await (
            from r in db.DocumentRequests.AsNoTracking()
            where r.Status == DocumentRequestStatus.Open
            join a in db.Applications on r.ApplicationId equals a.Id
            where a.FamilyUserId == userId && a.Status == ApplicationStatus.DocumentsRequested && (applicationId == null || a.Id == applicationId)
            orderby r.DueAt
            select new { Request = r, a.ProtocolNumber }).ToListAsync(ct);
        var read = requests
            .Select(x => new Row(x.Request.ApplicationId, x.ProtocolNumber ?? "", x.Request.Items.Select(i => i.Label).ToList(), x.Request.Message, x.Request.DueAt, x.Request.IsOverdueAt(now)))
            .ToList();
        return View(read);
    }
}
