using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using Conciliazione.Web.Notifications.Templates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// "Ritira la domanda": a confirmation page that says the withdrawal is final, then the POST that
/// does it. Another family's id is a 404 (the query is filtered by owner).
/// </summary>
public sealed class WithdrawModel(AppDbContext db, ICallCatalog calls, TimeProvider clock, AuditLog audit) : PageModel
{
    public Application Application { get; private set; } = default!;
    public CallForApplicants Call { get; private set; } = default!;

    [BindProperty]
    public string? WithdrawReason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    /// <remarks>
    /// The form carries no version: the family confirms a withdrawal, not a view of the row. A
    /// reviewer's step saved between this request's read and its write (milliseconds) makes the
    /// UPDATE miss; the withdrawal then reloads and tries again, and the domain refuses it with its
    /// own message if the new status no longer allows it (for example, already decided).
    /// </remarks>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await LoadAsync(id, ct);
            if (result is not null)
            {
                return result;
            }

            try
            {
                var now = clock.GetUtcNow();
                Application.Withdraw(User.UserId()!.Value, now, string.IsNullOrWhiteSpace(WithdrawReason) ? null : WithdrawReason.Trim());
                audit.Add(AuditActions.ApplicationWithdrawn, "Application", Application.Id.ToString());
                await Outbox.AddAsync(db, Application.FamilyUserId, new ApplicationWithdrawnModel(Application.Id, Call.Reference, Application.ProtocolNumber ?? "", now), now, ct);
                // Withdrawal releases the children's claims on the call, in the same transaction.
                // A tracked unit (ADR 0144): a retry saves the same withdrawal, audit row and outbox row again.
                await db.InTrackedUnitOfWorkAsync(async token =>
                {
                    await db.ChildClaims.Where(c => c.ApplicationId == id).ExecuteDeleteAsync(token);
                    return true;
                }, ct);
                return RedirectToPage("./Details", new { id });
            }
            catch (DomainException e)
            {
                ModelState.AddModelError(string.Empty, e.Message);
                return Page();
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                ModelState.AddModelError(string.Empty, "La domanda è cambiata nel frattempo. Ricarica la pagina e controlla il suo stato.");
                return Page();
            }
        }
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var application = await db.OwnedBy(User.UserId()).Include(a => a.History).FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is null || application.IsDraft)
        {
            return NotFound();
        }

        var call = await calls.FindAsync(application.CallId, ct);
        if (call is null)
        {
            return NotFound();
        }

        (Application, Call) = (application, call);
        return ApplicationStatuses.CanWithdraw(application.Status) ? null : RedirectToPage("./Details", new { id });
    }
}
