using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Review;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Conciliazione.Web.Pages.Staff.Applications;

/// <summary>
/// An application as the lead partner's staff see it during the review: every section, the
/// documents, the status timeline, notes, automatic checks and checklist, document requests and
/// the decision (each part a partial of this page; the other steps post to their own pages).
/// </summary>
/// <remarks>
/// The automatic checks are re-run on every GET and shown as they are now; the GET stores nothing
/// (so opening the page never bumps the version another reviewer's open form carries). Their flags
/// are stored at submission and with every review step, in that step's version-checked UPDATE
/// (ADR 0044). Notes and checklist ticks post here, on the version the page was read at.
/// </remarks>
public sealed class DetailsModel(AppDbContext db, ReviewWork work, AuditLog audit) : PageModel
{
    /// <summary>The files that answer one requirement of the call (or a request, or the portal's own letters).</summary>
    public sealed record DocumentGroup(string Label, bool Mandatory, IReadOnlyList<DocumentRow> Documents);

    public sealed record DocumentRow(Guid Id, string FileName, string? Note, long SizeBytes, DateTimeOffset UploadedAt);

    /// <summary>One item of the call's checklist with the reviewer's tick, if any.</summary>
    public sealed record ChecklistRow(string Key, string Text, ChecklistTick? Tick);

    public Application Application { get; private set; } = default!;

    /// <summary>The call as the application was submitted under it: reference, title and the frozen version's rules.</summary>
    public Call Call { get; private set; } = default!;
    public CallRules Rules { get; private set; } = new();
    public int RulesVersionNumber { get; private set; }

    /// <summary>The <c>xmin</c> of the application when the page was read: every form posts it back.</summary>
    public uint Version { get; private set; }

    /// <summary>Display names of the staff users (reviewer, note authors, decisions) by id.</summary>
    public IReadOnlyDictionary<Guid, string> StaffNames { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>The automatic checks, run now on the frozen version.</summary>
    public IReadOnlyList<ReviewCheck> Checks { get; private set; } = [];

    public string? MunicipalityName { get; private set; }
    public string? ProviderName { get; private set; }
    public IReadOnlyList<DocumentGroup> DocumentGroups { get; private set; } = [];
    public IReadOnlyList<ChecklistRow> ChecklistRows { get; private set; } = [];

    /// <summary>The checklist is ticked only while the application is under review.</summary>
    public bool CanTickChecklist => ApplicationTransitions.IsUnderReview(Application.Status);

    [BindProperty]
    public NoteInput Note { get; set; } = new();

    [BindProperty]
    public ChecklistInput Checklist { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>"Apri" (inline, the browser shows it) or "Scarica" (attachment): staff of the application's alliance only, audited.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(Guid id, Guid documentId, bool inline, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var file = await db.ApplicationDocuments.AsNoTracking()
            .Where(d => d.Id == documentId && d.ApplicationId == id
                && db.Applications.Any(a => a.Id == d.ApplicationId && a.AllianceId == allianceId && a.Status != ApplicationStatus.Draft))
            .Select(d => new { d.FileName, d.Kind, Bytes = d.Content!.Bytes })
            .SingleOrDefaultAsync(ct);
        if (file is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.DocumentDownloaded, "ApplicationDocument", documentId.ToString(), inline ? "inline" : "attachment", ct: ct);
        if (!inline)
        {
            return File(file.Bytes, FileSignature.ContentType(file.Kind), file.FileName);
        }

        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(file.FileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        return File(file.Bytes, FileSignature.ContentType(file.Kind));
    }

    /// <summary>Adds an internal note (staff only, never shown to the family).</summary>
    public async Task<IActionResult> OnPostNoteAsync(Guid id, CancellationToken ct)
    {
        var application = await work.LoadAsync(id, User.AllianceId(), ct);
        if (application is null)
        {
            return NotFound();
        }

        var result = await new NoteInput.Validator().ValidateAsync(Note, ct);
        if (!result.IsValid)
        {
            result.AddToModelState(ModelState, nameof(Note));
            return await PageAgainAsync(id, ct);
        }

        try
        {
            application.AddNote(Note.Text, User.UserId()!.Value, work.Now);
        }
        catch (DomainException e)
        {
            ModelState.AddDomainErrors(e, nameof(Note));
            return await PageAgainAsync(id, ct);
        }

        if (await work.SaveAsync(application, Note.Version, AuditActions.ReviewNoteAdded, null, null, ct) is { } problem)
        {
            ModelState.AddModelError(nameof(Note), problem);
            return await PageAgainAsync(id, ct);
        }

        TempData["Message"] = "Nota aggiunta.";
        return Redirect(Url.Page("./Details", new { id }) + "#note");
    }

    /// <summary>Saves the checklist: each item ticked or not, with its note. Refused once the application is decided.</summary>
    public async Task<IActionResult> OnPostChecklistAsync(Guid id, CancellationToken ct)
    {
        var application = await work.LoadAsync(id, User.AllianceId(), ct);
        if (application is null)
        {
            return NotFound();
        }

        var result = await new ChecklistInput.Validator().ValidateAsync(Checklist, ct);
        if (!result.IsValid)
        {
            result.AddToModelState(ModelState, nameof(Checklist));
            return await PageAgainAsync(id, ct);
        }

        var rules = await FrozenRulesAsync(application, ct);
        var items = SubmissionRules.Checklist(rules).Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var changed = new List<string>();
        try
        {
            foreach (var item in Checklist.Items.Where(i => items.Contains(i.Key)))
            {
                var note = string.IsNullOrWhiteSpace(item.Note) ? null : item.Note.Trim();
                var tick = application.Checklist.SingleOrDefault(t => t.ItemKey == item.Key);
                if (tick is null ? item.Done || note is not null : tick.Done != item.Done || tick.Note != note)
                {
                    application.TickChecklist(item.Key, item.Done, note, User.UserId()!.Value, work.Now);
                    changed.Add(item.Key + (item.Done ? "=si" : "=no"));
                }
            }

        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            ModelState.AddDomainErrors(e, nameof(Checklist));
            return await PageAgainAsync(id, ct);
        }

        if (changed.Count == 0)
        {
            TempData["Message"] = "Lista di controllo: nessuna modifica da salvare.";
            return Redirect(Url.Page("./Details", new { id }) + "#lista-controllo");
        }

        if (await work.SaveAsync(application, Checklist.Version, AuditActions.ChecklistTicked, string.Join(", ", changed), null, ct) is { } problem)
        {
            ModelState.AddModelError(nameof(Checklist), problem);
            return await PageAgainAsync(id, ct);
        }

        TempData["Message"] = "Lista di controllo salvata.";
        return Redirect(Url.Page("./Details", new { id }) + "#lista-controllo");
    }

    /// <summary>"Maria Bianchi", "la famiglia" or "il portale" for a history entry.</summary>
    public string Who(Guid userId) =>
        userId == Application.FamilyUserId ? "la famiglia"
        : StaffNames.TryGetValue(userId, out var name) ? name
        : "il portale";

    /// <summary>The Italian name of the service type stored on the application.</summary>
    public static string ServiceName(string? serviceType) =>
        Enum.TryParse<ServiceType>(serviceType, out var t) ? ServiceTypes.Italian(t) : serviceType ?? "-";

    public static string EmploymentName(EmploymentKind? kind) => kind switch
    {
        EmploymentKind.Employee => "Lavoratore dipendente",
        EmploymentKind.SelfEmployed => "Lavoratore autonomo",
        EmploymentKind.Freelancer => "Libero professionista",
        EmploymentKind.NotWorking => "Non lavora",
        _ => "-",
    };

    public static string Date(DateOnly? date) => date?.ToString("dd/MM/yyyy", CultureInfo.GetCultureInfo("it-IT")) ?? "-";

    /// <summary>The self-declarations the applicant accepted, in the frozen version's words.</summary>
    public IReadOnlyList<string> AcceptedDeclarations =>
        Rules.SelfDeclarations
            .Select((t, i) => (Key: string.Create(CultureInfo.InvariantCulture, $"dich-{i + 1}"), Text: t))
            .Where(d => Application.Declarations.AcceptedDeclarations.Contains(d.Key))
            .Select(d => d.Text)
            .ToList();

    private async Task<IActionResult> PageAgainAsync(Guid id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<CallRules> FrozenRulesAsync(Application application, CancellationToken ct) =>
        (await ReviewChecks.LoadContextAsync(db, application, ct)).Rules;

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var application = await work.LoadAsync(id, User.AllianceId(), ct);
        if (application is null)
        {
            return false;
        }

        var call = await db.Calls.AsNoTracking().Include(c => c.Versions).SingleAsync(c => c.Id == application.CallId, ct);
        var version = call.Versions.SingleOrDefault(v => v.Id == application.CallVersionId) ?? call.CurrentVersion;
        var ids = application.Notes.Select(n => n.AuthorId)
            .Concat(application.Decisions.Select(d => d.DecidedBy))
            .Concat(application.History.Select(h => h.ByUserId))
            .Concat(application.Checklist.Select(t => t.By))
            .Append(application.ReviewerId ?? Guid.Empty)
            .Distinct()
            .ToList();
        StaffNames = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Id != application.FamilyUserId)
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        (Application, Call, Rules, RulesVersionNumber, Version) = (application, call, version.Rules, version.Number, work.VersionOf(application));

        var context = await ReviewChecks.LoadContextAsync(db, application, ct);
        Checks = ReviewChecks.Run(application, context);
        MunicipalityName = application.ResidenceMunicipalityId is { } m
            ? await db.Municipalities.AsNoTracking().Where(x => x.Id == m).Select(x => x.Name).SingleOrDefaultAsync(ct)
            : null;
        ProviderName = application.Service.ProviderId is { } p
            ? await db.Providers.AsNoTracking().Where(x => x.Id == p).Select(x => x.LegalName).SingleOrDefaultAsync(ct)
            : application.Service.OtherProviderName;
        DocumentGroups = GroupDocuments(application, Rules);
        ChecklistRows = SubmissionRules.Checklist(Rules)
            .Select(i => new ChecklistRow(i.Key, i.Text, application.Checklist.SingleOrDefault(t => t.ItemKey == i.Key)))
            .ToList();
        if (Checklist.Items.Count == 0)
        {
            Checklist = new ChecklistInput
            {
                Items = ChecklistRows.Select(r => new ChecklistItemInput { Key = r.Key, Done = r.Tick?.Done ?? false, Note = r.Tick?.Note }).ToList(),
            };
        }

        Note.Version = Version;
        Checklist.Version = Version;
        return true;
    }

    /// <summary>
    /// The files by requirement of the frozen version (answers to a request labelled as such), then
    /// the free items of document requests, the receipt and the decision letters.
    /// </summary>
    private static List<DocumentGroup> GroupDocuments(Application a, CallRules rules)
    {
        var requests = a.DocumentRequests.ToDictionary(r => r.Id);
        DocumentRow Row(ApplicationDocument d) => new(d.Id, d.FileName,
            d.DocumentRequestId is { } r && requests.TryGetValue(r, out var request)
                ? "inviato in risposta all'integrazione del " + RomeTime.Format(request.RequestedAt)
                : null,
            d.SizeBytes, d.UploadedAt);
        List<DocumentRow> Files(Func<ApplicationDocument, bool> which) => a.Documents.Where(which).OrderBy(d => d.UploadedAt).Select(Row).ToList();

        var required = SubmissionRules.Documents(rules);
        var keys = required.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

        // Every requirement of the version is listed, with or without files; the rest only when there is a file.
        var groups = required.Select(r => new DocumentGroup(r.Document.Name, r.Document.Mandatory, Files(d => d.RequirementKey == r.Key))).ToList();
        var extra = a.DocumentRequests.SelectMany(r => r.Items).Where(i => !keys.Contains(i.Key)).DistinctBy(i => i.Key)
            .Select(i => new DocumentGroup("Richiesto con integrazione: " + i.Label, false, Files(d => d.RequirementKey == i.Key)))
            .Append(new DocumentGroup("Ricevuta della domanda", false, Files(d => d.RequirementKey == ApplicationDocument.ReceiptKey)))
            .Append(new DocumentGroup("Lettera di esito", false, Files(d => d.RequirementKey == ApplicationDocument.DecisionKey)))
            .Append(new DocumentGroup("Controllo sulle dichiarazioni sostitutive", false, Files(d => Domain.Grants.SelfDeclarationControl.IsControlDocument(d.RequirementKey))))
            .Where(g => g.Documents.Count > 0)
            .ToList();
        groups.AddRange(extra);
        var shown = groups.SelectMany(g => g.Documents).Select(d => d.Id).ToHashSet();
        if (Files(d => !shown.Contains(d.Id)) is { Count: > 0 } others)
        {
            groups.Add(new DocumentGroup("Altri documenti", false, others));
        }

        return groups;
    }

    public sealed class NoteInput
    {
        public string? Text { get; set; }
        public uint Version { get; set; }

        public sealed class Validator : AbstractValidator<NoteInput>
        {
            public Validator()
            {
                RuleFor(x => x.Text).NotEmpty().WithMessage("Scrivere il testo della nota.");
                RuleFor(x => x.Text).MaximumLength(ReviewNote.MaxLength).WithMessage($"La nota supera i {ReviewNote.MaxLength} caratteri.");
            }
        }
    }

    public sealed class ChecklistItemInput
    {
        public string Key { get; set; } = "";
        public bool Done { get; set; }
        public string? Note { get; set; }
    }

    public sealed class ChecklistInput
    {
        public List<ChecklistItemInput> Items { get; set; } = [];
        public uint Version { get; set; }

        public sealed class Validator : AbstractValidator<ChecklistInput>
        {
            public Validator()
            {
                RuleFor(x => x.Items).Must(i => i.Count <= 100).WithMessage("Troppe voci nella lista di controllo.");
                RuleForEach(x => x.Items).ChildRules(item =>
                    item.RuleFor(i => i.Note).MaximumLength(ChecklistTick.MaxNoteLength).WithMessage($"La nota supera i {ChecklistTick.MaxNoteLength} caratteri."));
            }
        }
    }
}
