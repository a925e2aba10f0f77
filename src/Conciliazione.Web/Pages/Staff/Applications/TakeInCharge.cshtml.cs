using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Review;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Staff.Applications;

/// <summary>
/// "Prendi in carico": the signed-in operator becomes the application's reviewer (a submitted
/// application enters the review). Posted from a queue row or from the application's page, with
/// the <c>xmin</c> version the user saw; the answer goes back where the user came from.
/// </summary>
/// <remarks>
/// A repeated POST (double click, back and resend) finds the application already in charge of the
/// same operator and saves nothing: no second audit row, no second history step. Two operators
/// taking the same application at once: one UPDATE wins, the other is told who took it
/// (<see cref="ReviewWork.SaveAsync"/>).
/// </remarks>
public sealed class TakeInChargeModel(ReviewWork work) : PageModel
{
    public IActionResult OnGet(Guid id) => RedirectToPage("./Details", new { id });

    public async Task<IActionResult> OnPostAsync(Guid id, uint version, string? returnUrl, CancellationToken ct)
    {
        var application = await work.LoadAsync(id, User.AllianceId(), ct);
        if (application is null)
        {
            return NotFound();
        }

        var me = User.UserId() ?? throw new InvalidOperationException("A signed-in staff user has an id.");
        var back = ReviewActionResults.Back(Url, returnUrl, id);
        if (application.ReviewerId == me && application.Status != Domain.Applications.ApplicationStatus.Submitted)
        {
            TempData["Message"] = $"La domanda {application.ProtocolNumber} è già in carico a te.";
            return LocalRedirect(back);
        }

        try
        {
            application.TakeInCharge(me, work.Now);
        }
        catch (DomainException e)
        {
            TempData["ReviewError"] = e.Message;
            return LocalRedirect(back);
        }

        var error = await work.SaveAsync(application, version, AuditActions.ReviewTakenInCharge, null, null, ct);
        if (error is not null)
        {
            TempData["ReviewError"] = error;
        }
        else
        {
            TempData["Message"] = $"Hai preso in carico la domanda {application.ProtocolNumber}.";
        }

        return LocalRedirect(back);
    }
}

/// <summary>Where a review action sent from the queue or the application's page goes back to.</summary>
public static class ReviewActionResults
{
    /// <summary>The local staff-applications address the form came from, else the application's page (never an outside address).</summary>
    public static string Back(IUrlHelper url, string? returnUrl, Guid applicationId) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/Staff/Applications", StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : url.Page("/Staff/Applications/Details", new { id = applicationId }) ?? "/Staff/Applications";
}
