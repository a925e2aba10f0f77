using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>
/// The call's own fields, the providers families may choose and the official document, with what
/// is left of the project's voucher budget. Saving holds the project's budget lock
/// (<see cref="VoucherBudgets.LockAsync"/>), so two staff cannot together overspend it.
/// </summary>
[RequestSizeLimit(PdfFile.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = PdfFile.MaxBytes + 1024 * 1024)]
public sealed class EditModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<CallForm> validator) : PageModel
{
    public sealed record ProviderOption(Guid Id, string LegalName, string Municipality, bool InForce);

    [BindProperty]
    public CallForm Input { get; set; } = new();

    public Call Call { get; private set; } = default!;
    public VoucherBudget Budget { get; private set; } = new(0, 0, 0);
    public IReadOnlyList<ProviderOption> ProviderOptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var call = await db.FindCallAsync(id, User.AllianceId(), ct);
        if (call is null)
        {
            return NotFound();
        }

        Input = CallForm.From(call);
        await LoadAsync(call, ct);
        return Page();
    }

    /// <summary>
    /// One form, one save: the fields, the providers ticked and (when chosen) the official PDF are
    /// saved together, so uploading the document never drops what was typed or ticked beside it.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(Guid id, IFormFile? document, CancellationToken ct)
    {
        var call = await db.FindCallAsync(id, User.AllianceId(), ct);
        if (call is null)
        {
            return NotFound();
        }

        await LoadAsync(call, ct);
        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (document is { Length: > PdfFile.MaxBytes })
        {
            ModelState.AddModelError(nameof(document), "Il file supera la dimensione massima di 10 MB.");
        }

        if (!validation.IsValid || !ModelState.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return PageKeepingWhatWasTyped(document);
        }

        if (await db.Calls.AnyAsync(c => c.AllianceId == call.AllianceId && c.Id != call.Id && c.ReferenceNumber == Input.ReferenceNumber.Trim(), ct))
        {
            ModelState.AddModelError("Input.ReferenceNumber", "Esiste già un bando con questo numero di riferimento.");
            return PageKeepingWhatWasTyped(document);
        }

        var project = await db.ProjectOfAsync(call, ct);
        var chosen = await db.Providers.Include(p => p.Agreements)
            .Where(p => p.AllianceId == call.AllianceId && Input.ProviderIds.Contains(p.Id)).ToListAsync(ct);
        try
        {
            db.ExpectVersion(call, Input.Version);
            if (document is { Length: > 0 })
            {
                await AttachAsync(call, document, ct);
            }

            await db.ChangeWithinBudgetAsync(call.ProjectId, call.Id, budget =>
            {
                call.Revise(Input.ToDetails(), project, budget);
                call.SetProviders(chosen, clock.TodayInRome());
                audit.Add(AuditActions.CallUpdated, nameof(Call), call.Id.ToString(), call.Budget.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }, ct);
        }
        catch (DocumentException ex)
        {
            ModelState.AddModelError(nameof(document), ex.Message);
            return PageKeepingWhatWasTyped(document);
        }
        catch (DomainException ex)
        {
            ModelState.AddDomainErrors(ex, nameof(Input), nameof(Input));
            return PageKeepingWhatWasTyped(document);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("Input", Concurrency.Message);
            return PageKeepingWhatWasTyped(document);
        }

        TempData["Message"] = document is { Length: > 0 } ? "Bando aggiornato, documento del bando caricato." : "Bando aggiornato.";
        return RedirectToPage("./Details", new { id });
    }

    /// <summary>The document's own refusal, told apart from the call's so it shows beside the file field.</summary>
    private sealed class DocumentException(string message) : Exception(message);

    private async Task AttachAsync(Call call, IFormFile document, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await document.CopyToAsync(buffer, ct);
        CallDocument attached;
        try
        {
            attached = call.AttachDocument(document.FileName, buffer.ToArray(), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            throw new DocumentException(ex.Message);
        }

        var existing = await db.CallDocuments.FirstOrDefaultAsync(d => d.CallId == call.Id, ct);
        if (existing is null)
        {
            db.CallDocuments.Add(attached);
        }
        else
        {
            existing.Content = attached.Content;
        }

        audit.Add(AuditActions.CallDocumentUploaded, nameof(Call), call.Id.ToString(), call.DocumentFileName);
    }

    /// <summary>
    /// Back to the form with the fields and ticks as typed. A browser never refills a file field, so
    /// when a file had been chosen the page says to choose it again rather than losing it silently.
    /// </summary>
    private PageResult PageKeepingWhatWasTyped(IFormFile? document)
    {
        if (document is { Length: > 0 } && ModelState[nameof(document)] is not { Errors.Count: > 0 })
        {
            ModelState.AddModelError(nameof(document), "Il file non è stato salvato perché il modulo ha errori: sceglierlo di nuovo prima di salvare.");
        }

        return Page();
    }

    private async Task LoadAsync(Call call, CancellationToken ct)
    {
        Call = call;
        Budget = await db.ReadAsync(call.ProjectId, call.Id, ct);
        var today = clock.TodayInRome();
        var providers = await db.Providers.AsNoTracking().Include(p => p.Agreements)
            .Where(p => p.AllianceId == call.AllianceId).OrderBy(p => p.LegalName).ToListAsync(ct);
        ProviderOptions = providers
            .Where(p => p.Agreements.Any(a => a.ActionIds.Contains(call.ActionId)) || call.Providers.Any(cp => cp.ProviderId == p.Id))
            .Select(p => new ProviderOption(p.Id, p.LegalName, p.Municipality, p.HasAgreementInForce(call.ActionId, today)))
            .ToList();
    }
}
