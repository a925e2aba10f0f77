using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family;

/// <summary>
/// The outcome of the review as the family reads it on its application: "Ammessa" or "Non ammessa"
/// (with the reasons), and the decision letter to download, or "in preparazione" until the
/// background job has rendered it (ADR 0050).
/// </summary>
/// <remarks>Reads only an application whose family is the signed-in user: a family never sees another's outcome.</remarks>
public sealed class ApplicationOutcomeViewComponent(AppDbContext db) : ViewComponent
{
    /// <param name="AwaitsRanking">Admitted and not yet funded nor on the reserve list: the page still says the ranking decides.</param>
    public sealed record Outcome(Guid ApplicationId, bool Admitted, IReadOnlyList<string> Reasons, DateTimeOffset DecidedAt, Guid? LetterDocumentId, bool AwaitsRanking = true);

    public async Task<IViewComponentResult> InvokeAsync(Guid applicationId)
    {
        var userId = UserClaimsPrincipal.UserId();
        var ct = HttpContext.RequestAborted;
        var decision = userId is null ? null : await db.ApplicationDecisions.AsNoTracking()
            .Where(d => d.ApplicationId == applicationId && d.ReopenedAt == null
                && db.Applications.Any(a => a.Id == applicationId && a.FamilyUserId == userId
                    && a.Status != ApplicationStatus.InReview && a.Status != ApplicationStatus.DocumentsRequested && a.Status != ApplicationStatus.Submitted))
            .SingleOrDefaultAsync(ct);
        if (decision is null)
        {
            return View((Outcome?)null);
        }

        // Once the ranking has been applied the grant section of the page tells what happened instead.
        var status = await db.Applications.AsNoTracking().Where(a => a.Id == applicationId).Select(a => a.Status).SingleAsync(ct);
        return View(new Outcome(applicationId, decision.Outcome == DecisionOutcome.Admitted, decision.AllReasons, decision.DecidedAt, decision.LetterDocumentId,
            AwaitsRanking: status == ApplicationStatus.Admitted));
    }
}
