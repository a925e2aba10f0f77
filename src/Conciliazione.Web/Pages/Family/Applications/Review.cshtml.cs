using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Documents;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// The last step: everything declared, what is still missing, the eligibility outcome, and the
/// submit button. Submission re-checks everything on the server (window in server time).
/// </summary>
public sealed class ReviewModel(AppDbContext db, ICallCatalog calls, TimeProvider clock, ApplicationSubmitter submitter) : PageModel
{
    public CallForApplicants Call { get; private set; } = default!;
    public Application Draft { get; private set; } = default!;
    public ReceiptDocument Summary { get; private set; } = default!;
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public IReadOnlyList<EligibilityResult> EligibilityResults { get; private set; } = [];
    public Guid SubmissionKey { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await LoadAsync(id, ct);
        SubmissionKey = Guid.NewGuid();
        return result ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, Guid submissionKey, CancellationToken ct)
    {
        // A replayed POST (double click, browser retry) finds the application its key already made.
        var done = await db.OwnedBy(User.UserId()).Where(a => a.SubmissionKey == submissionKey).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        if (done is { } existing)
        {
            return RedirectToPage("./Details", new { id = existing, submitted = true });
        }

        var result = await LoadAsync(id, ct);
        if (result is not null)
        {
            return result;
        }

        SubmissionKey = submissionKey;
        if (submissionKey == Guid.Empty || Problems.Count > 0)
        {
            ModelState.AddModelError(string.Empty, "La domanda non può ancora essere inviata: completa i punti indicati.");
            return Page();
        }

        try
        {
            await submitter.SubmitAsync(Draft, Call, submissionKey, ct);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        catch (DbUpdateException e) when (!PortalExecutionStrategy.IsUnavailable(e))
        {
            // Lost a race: with an identical POST (then the draft is submitted: show it) or with a
            // change made elsewhere (then nothing was saved: say so and let the family retry).
            db.ChangeTracker.Clear();
            var submitted = await db.OwnedBy(User.UserId()).AnyAsync(a => a.Id == id && a.Status != ApplicationStatus.Draft, ct);
            if (submitted)
            {
                return RedirectToPage("./Details", new { id, submitted = true });
            }

            ModelState.AddModelError(string.Empty, "L'invio non è riuscito perché la domanda è stata modificata nel frattempo. Nulla è andato perso: riprova.");
            return await OnGetAsync(id, ct);
        }

        return RedirectToPage("./Details", new { id, submitted = true });
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var (draft, call, instead) = await this.LoadDraftAsync(db, calls, id, withDocuments: true, ct);
        if (instead is not null)
        {
            return instead;
        }

        (Draft, Call) = (draft!, call!);
        var now = clock.GetUtcNow();
        Summary = await ReceiptContent.BuildAsync(db, Draft, Call, ct);
        Problems = await ApplicationChecks.FindAsync(Draft, Call, now, ct);
        EligibilityResults = Eligibility.Evaluate(Call.Criteria, ApplicationChecks.Answers(Draft, Call));
        return null;
    }
}
