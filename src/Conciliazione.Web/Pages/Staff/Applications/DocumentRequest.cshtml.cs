using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications.Templates;
using Conciliazione.Web.Pages.Staff.Calls;
using Conciliazione.Web.Review;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Applications;

/// <summary>
/// One document request of an application: what was asked, the family's answer and files, and for
/// an open request the two staff steps: move the deadline later (the family is e-mailed the new
/// day) or cancel the request (asked by mistake: the application is back in review).
/// </summary>
public sealed class DocumentRequestModel(AppDbContext db, ReviewWork work, AuditLog audit) : PageModel
{
    public sealed class ExtendInput
    {
        public DateOnly? DueDate { get; set; }
        public uint Version { get; set; }
    }

    [BindProperty]
    public ExtendInput Input { get; set; } = new();

    public Application Application { get; private set; } = default!;
    public DocumentRequest DocumentRequest { get; private set; } = default!;

    public IReadOnlyList<ApplicationDocument> Files => Application.Documents.Where(d => d.DocumentRequestId == DocumentRequest.Id).OrderBy(d => d.UploadedAt).ToList();

    public DateTimeOffset Now => work.Now;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid requestId, CancellationToken ct)
    {
        if (await LoadAsync(id, requestId, ct) is { } instead)
        {
            return instead;
        }

        Input = new ExtendInput { DueDate = DocumentRequestDeadline.DayOf(DocumentRequest.DueAt).AddDays(DocumentRequest.DefaultDays), Version = work.VersionOf(Application) };
        return Page();
    }

    public async Task<IActionResult> OnPostExtendAsync(Guid id, Guid requestId, CancellationToken ct)
    {
        if (await LoadAsync(id, requestId, ct) is { } instead)
        {
            return instead;
        }

        ModelState.ReplaceBindingErrors();
        if (Input.DueDate is null)
        {
            ModelState.AddModelError("Input.DueDate", "Indicare il nuovo ultimo giorno utile.");
            return Page();
        }

        var dueAt = DocumentRequestDeadline.EndOf(Input.DueDate.Value);
        try
        {
            Application.ExtendDocumentRequest(DocumentRequest.Id, dueAt, work.Now);
        }
        catch (DomainException e)
        {
            ModelState.AddDomainErrors(e, string.Empty, nameof(Input));
            return Page();
        }

        var notify = new DocumentsRequestedModel(Application.Id, Application.ProtocolNumber ?? "", DocumentRequest.Items.Select(i => i.Label).ToList(), dueAt);
        var details = "request=" + DocumentRequest.Id + "; due=" + Input.DueDate.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (await work.SaveAsync(Application, Input.Version, AuditActions.DocumentRequestExtended, details, notify, ct) is { } problem)
        {
            ModelState.AddModelError(string.Empty, problem);
            await LoadAsync(id, requestId, ct);
            return Page();
        }

        TempData["Message"] = "Scadenza dell'integrazione spostata al " + DocumentRequestDeadline.Show(dueAt) + ": la famiglia riceve un'e-mail con la nuova data.";
        return RedirectToPage("./Details", new { id });
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, Guid requestId, CancellationToken ct)
    {
        if (await LoadAsync(id, requestId, ct) is { } instead)
        {
            return instead;
        }

        ModelState.ReplaceBindingErrors();
        try
        {
            Application.CancelDocumentRequest(DocumentRequest.Id, User.UserId()!.Value, work.Now);
        }
        catch (DomainException e)
        {
            ModelState.AddDomainErrors(e, string.Empty);
            return Page();
        }

        if (await work.SaveAsync(Application, Input.Version, AuditActions.DocumentRequestCancelled, "request=" + DocumentRequest.Id, null, ct) is { } problem)
        {
            ModelState.AddModelError(string.Empty, problem);
            await LoadAsync(id, requestId, ct);
            return Page();
        }

        TempData["Message"] = "Richiesta di integrazione annullata: la domanda è di nuovo in istruttoria.";
        return RedirectToPage("./Details", new { id });
    }

    /// <summary>A file the family sent in answer to this request (audited download).</summary>
    public async Task<IActionResult> OnGetFileAsync(Guid id, Guid requestId, Guid documentId, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var file = await db.ApplicationDocuments.AsNoTracking()
            .Where(d => d.Id == documentId && d.ApplicationId == id && d.DocumentRequestId == requestId
                && db.Applications.Any(a => a.Id == d.ApplicationId && a.AllianceId == allianceId && a.Status != ApplicationStatus.Draft))
            .Select(d => new { d.FileName, d.Kind, Bytes = d.Content!.Bytes })
            .SingleOrDefaultAsync(ct);
        if (file is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.DocumentDownloaded, "ApplicationDocument", documentId.ToString(), ct: ct);
        return File(file.Bytes, FileSignature.ContentType(file.Kind), file.FileName);
    }

    private async Task<IActionResult?> LoadAsync(Guid id, Guid requestId, CancellationToken ct)
    {
        var application = await work.LoadAsync(id, User.AllianceId(), ct);
        var request = application?.DocumentRequests.SingleOrDefault(r => r.Id == requestId);
        if (application is null || request is null)
        {
            return NotFound();
        }

        (Application, DocumentRequest) = (application, request);
        return null;
    }
}
