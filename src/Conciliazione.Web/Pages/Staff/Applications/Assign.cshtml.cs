using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Web.Authorization;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Review;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Staff.Applications;

/// <summary>
/// An admin assigns (or reassigns) an application's reviewer: a staff user or admin of the same
/// alliance whose account is active. A submitted application stays submitted until the reviewer
/// takes it in charge.
/// </summary>
/// <remarks>
/// The Admin policy sits on top of the folder's Staff policy: an operator who is not an admin is
/// refused (403) even with a hand-made POST, so reviewers cannot hand work to each other or take
/// an application away from a colleague. The chosen id is checked against
/// <see cref="Reviewers.IsAssignableAsync"/>: never a referent, an auditor, a family or another
/// alliance's operator.
/// </remarks>
[Authorize(Policy = Policies.Admin)]
public sealed class AssignModel(ReviewWork work, Reviewers reviewers) : PageModel
{
    public IActionResult OnGet(Guid id) => RedirectToPage("./Details", new { id });

    public async Task<IActionResult> OnPostAsync(Guid id, uint version, Guid? reviewerId, string? returnUrl, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var application = await work.LoadAsync(id, allianceId, ct);
        if (application is null)
        {
            return NotFound();
        }

        var back = ReviewActionResults.Back(Url, returnUrl, id);
        if (reviewerId is not { } chosen || !await reviewers.IsAssignableAsync(allianceId, chosen, ct))
        {
            TempData["ReviewError"] = "Scegliere un operatore dell'alleanza con l'account attivo.";
            return LocalRedirect(back);
        }

        if (application.ReviewerId == chosen)
        {
            TempData["Message"] = $"La domanda {application.ProtocolNumber} è già assegnata a questo istruttore.";
            return LocalRedirect(back);
        }

        try
        {
            application.AssignReviewer(chosen, work.Now);
        }
        catch (DomainException e)
        {
            TempData["ReviewError"] = e.Message;
            return LocalRedirect(back);
        }

        var error = await work.SaveAsync(application, version, AuditActions.ReviewerAssigned, "reviewer=" + chosen, null, ct);
        if (error is not null)
        {
            TempData["ReviewError"] = error;
        }
        else
        {
            TempData["Message"] = $"Istruttore assegnato alla domanda {application.ProtocolNumber}.";
        }

        return LocalRedirect(back);
    }
}
