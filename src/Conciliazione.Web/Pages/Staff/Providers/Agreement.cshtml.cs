using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Providers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Providers;

/// <summary>One agreement: its dates, status, actions covered and documents (PDF).</summary>
[RequestSizeLimit(PdfFile.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = PdfFile.MaxBytes + 1024 * 1024)]
public sealed class AgreementModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<AgreementForm> validator) : PageModel
{
    public sealed record DocumentRow(Guid Id, string FileName, int Size, DateTimeOffset UploadedAt);

    [BindProperty]
    public AgreementForm Input { get; set; } = new();

    public Guid ProviderId { get; private set; }
    public string ProviderName { get; private set; } = "";
    public string Title { get; private set; } = "";
    public IReadOnlyList<DocumentRow> Documents { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var (_, agreement) = await FindAsync(id, ct);
        if (agreement is null)
        {
            return NotFound();
        }

        Input = From(agreement);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var (provider, agreement) = await FindAsync(id, ct);
        if (provider is null || agreement is null)
        {
            return NotFound();
        }

        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid || !ModelState.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        var actions = (IReadOnlyList<AgreementForm.ActionOption>)ViewData["Actions"]!;
        if (Input.ActionIds.Any(a => actions.All(o => o.Id != a)))
        {
            ModelState.AddModelError("Input.ActionIds", "Scegliere azioni dei progetti dell'alleanza.");
            return Page();
        }

        try
        {
            provider.ReviseAgreement(agreement.Id, Input.ToDetails());
            provider.SetAgreementStatus(agreement.Id, Input.Status);
            audit.Add(AuditActions.AgreementUpdated, nameof(Agreement), agreement.Id.ToString(), Input.Status.ToString());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input", ex.Message);
            return Page();
        }

        TempData["Message"] = "Accordo aggiornato.";
        return RedirectToPage("./Edit", new { id = provider.Id });
    }

    public async Task<IActionResult> OnPostDocumentAsync(Guid id, IFormFile? document, CancellationToken ct)
    {
        var (_, agreement) = await FindAsync(id, ct);
        if (agreement is null)
        {
            return NotFound();
        }

        Input = From(agreement);
        ModelState.Clear();
        if (document is null || document.Length == 0)
        {
            ModelState.AddModelError("document", "Scegliere il file PDF dell'accordo.");
            return Page();
        }

        if (document.Length > PdfFile.MaxBytes)
        {
            ModelState.AddModelError("document", "Il file supera la dimensione massima di 10 MB.");
            return Page();
        }

        using var buffer = new MemoryStream();
        await document.CopyToAsync(buffer, ct);
        try
        {
            var row = AgreementDocument.Create(agreement.Id, document.FileName, buffer.ToArray(), clock.GetUtcNow(), User.UserId());
            db.AgreementDocuments.Add(row);
            audit.Add(AuditActions.AgreementDocumentUploaded, nameof(Agreement), agreement.Id.ToString(), row.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("document", ex.Message);
            return Page();
        }

        TempData["Message"] = "Documento allegato.";
        return RedirectToPage(new { id });
    }

    /// <summary>Download of an agreement's document (attachment, clean name).</summary>
    public async Task<IActionResult> OnGetDocumentAsync(Guid id, Guid documentId, CancellationToken ct)
    {
        var (_, agreement) = await FindAsync(id, ct);
        var file = agreement is null ? null : await db.AgreementDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId && d.AgreementId == agreement.Id, ct);
        return file is null ? NotFound() : File(file.Content, "application/pdf", file.FileName);
    }

    private static AgreementForm From(Agreement a) => new()
    {
        Kind = a.Kind,
        Number = a.Number,
        SignedOn = a.SignedOn,
        ValidFrom = a.ValidFrom,
        ValidUntil = a.ValidUntil,
        ActionIds = a.ActionIds.ToList(),
        Status = a.Status,
    };

    private async Task<(Provider?, Agreement?)> FindAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var provider = await db.Providers.Include(p => p.Agreements)
            .FirstOrDefaultAsync(p => p.AllianceId == allianceId && p.Agreements.Any(a => a.Id == id), ct);
        var agreement = provider?.Agreements.Single(a => a.Id == id);
        ViewData["Actions"] = await AgreementForm.ActionOptionsAsync(db, allianceId, ct);
        if (provider is not null && agreement is not null)
        {
            (ProviderId, ProviderName) = (provider.Id, provider.LegalName);
            Title = Agreement.KindItalian(agreement.Kind) + " " + agreement.Number;
            Documents = await db.AgreementDocuments.AsNoTracking().Where(d => d.AgreementId == id).OrderBy(d => d.UploadedAt)
                .Select(d => new DocumentRow(d.Id, d.FileName, d.Size, d.UploadedAt)).ToListAsync(ct);
        }

        return (provider, agreement);
    }
}
