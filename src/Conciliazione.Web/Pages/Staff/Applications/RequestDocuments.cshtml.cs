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
/// "Richiedi documenti" (integrazione): the reviewer ticks the call version's required documents
/// the family must send again, adds up to <see cref="MaxOtherItems"/> other documents by name,
/// writes the message and picks the last day. The family is e-mailed in the same transaction.
/// </summary>
public sealed class RequestDocumentsModel(AppDbContext db, ReviewWork work) : PageModel
{
    public const int MaxOtherItems = 3;

    /// <summary>The key prefix of the free items ("altro-1" ...), beside the call's "doc-N".</summary>
    public const string OtherKeyPrefix = "altro-";

    public sealed class InputModel
    {
        /// <summary>The ticked required documents of the frozen call version ("doc-N").</summary>
        public List<string> Documents { get; set; } = [];

        /// <summary>Names of other documents (empty ones are ignored).</summary>
        public List<string?> Others { get; set; } = [];
        public string? Message { get; set; }
        public DateOnly? DueDate { get; set; }
        public uint Version { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Application Application { get; private set; } = default!;

    /// <summary>The required documents of the version the application was submitted under, with their keys.</summary>
    public IReadOnlyList<(string Key, string Label)> CallDocuments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } instead)
        {
            return instead;
        }

        Input = new InputModel { DueDate = DocumentRequestDeadline.DefaultDay(work.Now), Version = work.VersionOf(Application) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } instead)
        {
            return instead;
        }

        ModelState.ReplaceBindingErrors();
        var items = new List<RequestedItem>();
        foreach (var key in Input.Documents.Distinct(StringComparer.Ordinal))
        {
            if (CallDocuments.FirstOrDefault(d => d.Key == key) is { Key: not null } doc)
            {
                items.Add(new RequestedItem(doc.Key, doc.Label));
            }
            else
            {
                ModelState.AddModelError("Input.Items", "Uno dei documenti scelti non è tra quelli del bando: ricarica la pagina e riprova.");
            }
        }

        var others = Input.Others.Take(MaxOtherItems).ToList();
        for (var i = 0; i < others.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(others[i]))
            {
                if (others[i]!.Trim().Length > 200)
                {
                    ModelState.AddModelError($"Input.Others[{i}]", "Il nome del documento supera i 200 caratteri.");
                }

                items.Add(new RequestedItem(OtherKeyPrefix + (i + 1).ToString(CultureInfo.InvariantCulture), others[i]!.Trim()));
            }
        }

        if (Input.DueDate is null)
        {
            ModelState.AddModelError("Input.DueDate", "Indicare entro quale giorno la famiglia deve inviare i documenti.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var dueAt = DocumentRequestDeadline.EndOf(Input.DueDate!.Value);
        try
        {
            Application.RequestDocuments(items, Input.Message, dueAt, User.UserId()!.Value, work.Now);
        }
        catch (DomainException e)
        {
            ModelState.AddDomainErrors(e, string.Empty, nameof(Input));
            return Page();
        }

        var details = "items=" + string.Join(",", items.Select(i => i.Key)) + "; due=" + Input.DueDate.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var notify = new DocumentsRequestedModel(Application.Id, Application.ProtocolNumber ?? "", items.Select(i => i.Label).ToList(), dueAt);
        if (await work.SaveAsync(Application, Input.Version, AuditActions.DocumentsRequested, details, notify, ct) is { } problem)
        {
            ModelState.AddModelError(string.Empty, problem);
            await LoadAsync(id, ct);
            return Page();
        }

        TempData["Message"] = "Richiesta di integrazione inviata alla famiglia, con scadenza il " + DocumentRequestDeadline.Show(dueAt) + ".";
        return RedirectToPage("./Details", new { id });
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var application = await work.LoadAsync(id, User.AllianceId(), ct);
        if (application is null)
        {
            return NotFound();
        }

        var rules = await db.CallVersions.AsNoTracking().Where(v => v.Id == application.CallVersionId).Select(v => v.Rules).FirstOrDefaultAsync(ct);
        Application = application;
        CallDocuments = rules is null ? [] : SubmissionRules.Documents(rules).Select(d => (d.Key, d.Document.Name)).ToList();
        return null;
    }
}
