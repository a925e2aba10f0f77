using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// Uploads for the call's required documents. A file is accepted only by its content (PDF, JPEG or
/// PNG magic bytes) and size (10 MB), stored in PostgreSQL under a new id with a safe name.
/// </summary>
[RequestSizeLimit(UploadLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
public sealed class DocumentsModel(AppDbContext db, ICallCatalog calls, TimeProvider clock) : PageModel
{
    /// <summary>Room for one 10 MB file plus the form; anything larger is refused by the server (413).</summary>
    public const long UploadLimit = FileSignature.MaxBytes + (512 * 1024);

    public CallForApplicants Call { get; private set; } = default!;
    public Application Draft { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostUploadAsync(Guid id, string? requirementKey, IFormFile? file, CancellationToken ct)
    {
        var result = await LoadAsync(id, ct);
        if (result is not null)
        {
            return result;
        }

        if (Call.Documents.All(d => d.Key != requirementKey))
        {
            return BadRequest();
        }

        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError(string.Empty, "Scegliere un file da caricare.");
            return Page();
        }

        if (file.Length > FileSignature.MaxBytes)
        {
            ModelState.AddModelError(string.Empty, "Il file supera i 10 MB consentiti: riducilo (ad esempio scansionando in bianco e nero) e riprova.");
            return Page();
        }

        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (FileSignature.Detect(bytes) is not { } kind)
        {
            ModelState.AddModelError(string.Empty, "Il file non è un PDF, un'immagine JPEG o PNG: il contenuto non corrisponde, qualunque sia l'estensione del nome.");
            return Page();
        }

        try
        {
            Draft.AttachDocument(requirementKey!, file.FileName, kind, bytes, clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid documentId, CancellationToken ct)
    {
        var result = await LoadAsync(id, ct);
        if (result is not null)
        {
            return result;
        }

        Draft.RemoveDocument(documentId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var (draft, call, instead) = await this.LoadDraftAsync(db, calls, id, withDocuments: true, ct);
        if (instead is not null)
        {
            return instead;
        }

        (Draft, Call) = (draft!, call!);
        return null;
    }
}
