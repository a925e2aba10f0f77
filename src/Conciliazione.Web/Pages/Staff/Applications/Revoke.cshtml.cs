using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Applications;

/// <summary>
/// "Revoca": staff take the voucher back from a funded application, with the reasons (DPR 445/2000
/// art. 75: whoever made a false self-declaration loses the benefit obtained with it). The page shows
/// the grant, what was already paid and the recovery that the revocation will record; the POST goes
/// through <see cref="GrantsWork.RevokeAsync"/>, which releases the grant to the call, funds the
/// reserve list, records the recovery and notifies the family in one transaction (ADR 0066).
/// </summary>
public sealed class RevokeModel(AppDbContext db, GrantsWork work, IValidator<RevokeModel.InputModel> validator) : PageModel
{
    public const int MaxReasonLength = 1000;

    public sealed class InputModel
    {
        public string? Reason { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Reason).NotEmpty().WithMessage("Indicare i motivi della revoca: la famiglia li riceve e restano nella storia della domanda.")
                .MaximumLength(MaxReasonLength).WithMessage($"Al massimo {MaxReasonLength} caratteri.");
        }
    }

    public sealed record GrantRow(decimal Amount, decimal Requested, decimal Paid, GrantSource Source, DateTimeOffset GrantedAt);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid ApplicationId { get; private set; }
    public string ProtocolNumber { get; private set; } = "";
    public ApplicationStatus Status { get; private set; }

    /// <summary>The active grant (null when the application is not funded).</summary>
    public GrantRow? Grant { get; private set; }

    public bool CanRevoke => Status == ApplicationStatus.Funded && Grant is not null;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanRevoke)
        {
            ModelState.AddModelError(string.Empty, $"La domanda non è finanziata (stato attuale: {ApplicationStatuses.Italian(Status)}): non c'è nulla da revocare.");
            return Page();
        }

        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        var refused = await work.RevokeAsync(id, User.AllianceId()!.Value, Input.Reason, User.UserId()!.Value, ct);
        if (refused is not null)
        {
            ModelState.AddModelError(string.Empty, refused);
            await LoadAsync(id, ct);
            return Page();
        }

        TempData["Message"] = Grant!.Paid > 0m
            ? $"Contributo revocato: l'importo è tornato al bando e la lista d'attesa è stata aggiornata. Registrato un recupero di {Money.Format(Grant.Paid)} a carico della famiglia."
            : "Contributo revocato: l'importo è tornato al bando e la lista d'attesa è stata aggiornata. Nulla era stato pagato: nessun recupero.";
        return RedirectToPage("./Details", new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var application = await db.Applications.AsNoTracking()
            .Where(a => a.Id == id && a.AllianceId == allianceId && a.Status != ApplicationStatus.Draft)
            .Select(a => new { a.Id, a.ProtocolNumber, a.Status })
            .SingleOrDefaultAsync(ct);
        if (application is null)
        {
            return false;
        }

        (ApplicationId, ProtocolNumber, Status) = (application.Id, application.ProtocolNumber ?? "", application.Status);
        Grant = await db.Grants.AsNoTracking()
            .Where(g => g.ApplicationId == id && g.Status == GrantStatus.Active)
            .Select(g => new GrantRow(g.Amount, g.Requested, g.Paid, g.Source, g.GrantedAt))
            .SingleOrDefaultAsync(ct);
        return true;
    }
}
