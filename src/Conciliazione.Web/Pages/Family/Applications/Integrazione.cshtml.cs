using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Review;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// The family answers the office's open document request (integrazione): one file for each
/// requested item, and a note. Files are accepted by content and size like the wizard's uploads;
/// the answer brings the application back to review. The link in the request's e-mail leads here.
/// Another family's application is a 404.
/// </summary>
[RequestSizeLimit(UploadLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
public sealed class IntegrazioneModel(AppDbContext db, ReviewWork work) : PageModel
{
    /// <summary>The form's file inputs are named "item-" plus the requested item's key.</summary>
    public const string FilePrefix = "item-";

    /// <summary>Room for <see cref="MaxFiles"/> files of 10 MB plus the form; anything larger is refused with the page's message.</summary>
    public const long UploadLimit = (MaxFiles * FileSignature.MaxBytes) + (512 * 1024);

    public const int MaxFiles = 8;

    public sealed class InputModel
    {
        public Guid RequestId { get; set; }
        public string? Note { get; set; }
        public uint Version { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Application Application { get; private set; } = default!;

    /// <summary>The open request, or null when there is nothing to send (answered, cancelled, never asked).</summary>
    public DocumentRequest? Open { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } instead)
        {
            return instead;
        }

        Open = Application.OpenDocumentRequest;
        Input = new InputModel { RequestId = Open?.Id ?? Guid.Empty, Version = work.VersionOf(Application) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } instead)
        {
            return instead;
        }

        var request = Application.DocumentRequests.SingleOrDefault(r => r.Id == Input.RequestId);
        if (request is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        Open = request.IsOpen ? request : null;
        if (!request.IsOpen || Application.Status != ApplicationStatus.DocumentsRequested)
        {
            ModelState.AddModelError(string.Empty, "Questa richiesta di integrazione è già chiusa: non si possono più caricare documenti. Se serve altro, l'ufficio ti scriverà di nuovo.");
            return Page();
        }

        var files = new List<(string ItemKey, string FileName, UploadKind Kind, byte[] Content)>();
        foreach (var file in Request.Form.Files.Where(f => f.Name.StartsWith(FilePrefix, StringComparison.Ordinal) && f.Length > 0))
        {
            var key = file.Name[FilePrefix.Length..];
            var label = request.Items.FirstOrDefault(i => i.Key == key)?.Label ?? key;
            if (file.Length > FileSignature.MaxBytes)
            {
                ModelState.AddModelError(FilePrefix + key, label + ": il file supera i 10 MB consentiti. Riducilo (ad esempio scansionando in bianco e nero) e riprova.");
                continue;
            }

            await using var stream = file.OpenReadStream();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            var bytes = buffer.ToArray();
            if (FileSignature.Detect(bytes) is not { } kind)
            {
                ModelState.AddModelError(FilePrefix + key, label + ": il file non è un PDF, un'immagine JPEG o PNG. Il contenuto non corrisponde, qualunque sia l'estensione del nome.");
                continue;
            }

            files.Add((key, file.FileName, kind, bytes));
        }

        foreach (var missing in request.Items.Where(i => Request.Form.Files.All(f => f.Name != FilePrefix + i.Key || f.Length == 0)))
        {
            ModelState.AddModelError(FilePrefix + missing.Key, "Scegliere il file per: " + missing.Label + ".");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            Application.AnswerDocumentRequest(request.Id, files, Input.Note, work.Now);
        }
        catch (DomainException e)
        {
            ModelState.AddDomainErrors(e, string.Empty, nameof(Input));
            return Page();
        }

        var details = "request=" + request.Id + "; items=" + string.Join(",", files.Select(f => f.ItemKey));
        if (await work.SaveAsync(Application, Input.Version, AuditActions.DocumentRequestAnswered, details, null, ct) is { } problem)
        {
            ModelState.AddModelError(string.Empty, problem);
            if (await LoadAsync(id, ct) is null)
            {
                Open = Application.DocumentRequests.SingleOrDefault(r => r.Id == request.Id && r.IsOpen);
            }

            return Page();
        }

        TempData["Message"] = "Documenti inviati. L'ufficio riprende l'istruttoria della domanda: riceverai una comunicazione con l'esito.";
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var application = await db.OwnedBy(User.UserId())
            .Include(a => a.DocumentRequests)
            .FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is null || application.IsDraft)
        {
            return NotFound();
        }

        Application = application;
        return null;
    }
}
