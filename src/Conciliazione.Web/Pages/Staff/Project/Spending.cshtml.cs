using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Exports;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Monitoring;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project;

/// <summary>
/// The costs of a project (rendicontazione) against its plan: spent and left by category A-E, the
/// cost entries with their documents, recording a cost and withdrawing one with a reason.
/// Category D is not typed: it is what the vouchers paid (ADR 0100).
/// </summary>
/// <remarks>
/// The amount is bound as text and read by <see cref="Money.TryParse"/> (the it-IT binder would read
/// "10.123" as ten thousand). Everything is looked up through the signed-in user's alliance: another
/// alliance's project, entry or document is a 404.
/// </remarks>
[RequestSizeLimit(SpendingForms.UploadLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = SpendingForms.UploadLimit)]
public sealed class SpendingModel(AppDbContext db, AuditLog audit, TimeProvider clock, SpendingReport report) : PageModel
{
    public sealed class InputModel
    {
        public CostCategory? Category { get; set; }
        public Guid? PartnerId { get; set; }
        public string Amount { get; set; } = "";
        public string Date { get; set; } = "";
        public string Description { get; set; } = "";
    }

    public sealed class WithdrawInput
    {
        public Guid EntryId { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>The withdrawal being asked for (bound from the row's form), shown again with its error when refused.</summary>
    public WithdrawInput Withdraw { get; private set; } = new();

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public bool IsClosed { get; private set; }
    public DateOnly StartDate { get; private set; }
    public DateOnly EndDate { get; private set; }
    public SpendingFigures Figures { get; private set; } = default!;
    public IReadOnlyList<SpendingForms.EntryRow> Entries { get; private set; } = [];
    public IReadOnlyList<SelectListItem> Partners { get; private set; } = [];

    /// <summary>The categories staff type (D is computed from the vouchers).</summary>
    public static IReadOnlyList<SelectListItem> Categories { get; } =
    [
        new SelectListItem("Scegli la voce di costo", ""),
        .. CostCategories.All.Where(c => c != CostCategory.Vouchers).Select(c => new SelectListItem(CostCategories.Label(c), c.ToString())),
    ];

    /// <summary>The form was refused after a file had been chosen: the browser does not send it back, say so.</summary>
    public bool AskToRechooseFile { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>The category table as CSV (UTF-8, ";", Italian decimals), with the total.</summary>
    public async Task<IActionResult> OnGetCsvAsync(Guid id, CancellationToken ct)
    {
        var figures = await report.ForProjectAsync(User.AllianceId() ?? Guid.Empty, id, ct);
        return figures is null ? NotFound() : SpendingForms.Csv(SpendingReport.CategoryCsv(figures), "spesa-per-voce.csv");
    }

    /// <summary>The cost entries (withdrawn ones included, with their reason) as CSV: <c>?handler=CostsCsv</c>.</summary>
    public Task<IActionResult> OnGetCostsCsvAsync(Guid id, CancellationToken ct) => ExportCostsAsync(id, xlsx: false, ct);

    /// <summary>The same as XLSX: <c>?handler=CostsXlsx</c>.</summary>
    public Task<IActionResult> OnGetCostsXlsxAsync(Guid id, CancellationToken ct) => ExportCostsAsync(id, xlsx: true, ct);

    private async Task<IActionResult> ExportCostsAsync(Guid id, bool xlsx, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var table = SpendingForms.EntriesTable("costi", "Spese", "Voce di costo", Entries);
        return await ExportFile.DownloadAsync(audit, table, ExportFile.Name("costi", Title, clock.GetUtcNow()), xlsx, ct);
    }

    public Task<IActionResult> OnGetDocumentAsync(Guid id, Guid documentId, CancellationToken ct) =>
        SpendingForms.DocumentAsync(db, audit, User.AllianceId(), id, documentId, MonitoringDocumentPurpose.Cost, ct);

    public async Task<IActionResult> OnPostRecordAsync(Guid id, IFormFile? document, CancellationToken ct)
    {
        var project = await db.OfAlliance(User.AllianceId()).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return NotFound();
        }

        ModelState.ClearBindingErrors();
        if (project.IsClosed)
        {
            return await FailAsync(id, Domain.Projects.Project.ClosedMessage, document, ct);
        }

        if (Input.PartnerId is { } partnerId && partnerId != Guid.Empty
            && !await db.Partners.AnyAsync(p => p.Id == partnerId && p.AllianceId == project.AllianceId, ct))
        {
            // Only the alliance's own partners bear its costs.
            return NotFound();
        }

        if (Input.Category is null)
        {
            ModelState.AddModelError("Input.Category", "Scegliere la voce di costo.");
        }

        if (!Money.TryParse(Input.Amount, out var amount, out var amountError))
        {
            ModelState.AddModelError("Input.Amount", amountError!);
        }

        if (!SpendingForms.TryParseDate(Input.Date, out var date))
        {
            ModelState.AddModelError("Input.Date", "Indicare la data della spesa (per esempio 15/03/2018).");
            date = project.StartDate;
        }

        var now = clock.GetUtcNow();
        MonitoringDocument? proof = null;
        if (await SpendingForms.ReadAsync(document, ct) is { } file)
        {
            try
            {
                proof = MonitoringDocument.Upload(project.AllianceId, project.Id, MonitoringDocumentPurpose.Cost, file, now, User.UserId());
            }
            catch (DomainException e)
            {
                ModelState.AddModelError("Input.Document", e.Message);
            }
        }

        CostEntry entry;
        try
        {
            entry = CostEntry.Record(project, Input.Category ?? CostCategory.Staff, Input.PartnerId ?? Guid.Empty, amount, date, Input.Description, proof, now, User.UserId());
        }
        catch (DomainException e)
        {
            SpendingForms.AddErrors(ModelState, e, nameof(Input));
            return await FailAsync(id, null, document, ct);
        }

        if (!ModelState.IsValid)
        {
            return await FailAsync(id, null, document, ct);
        }

        db.MonitoringDocuments.Add(proof!);
        db.CostEntries.Add(entry);
        audit.Add(AuditActions.CostRecorded, nameof(CostEntry), entry.Id.ToString(),
            string.Create(CultureInfo.InvariantCulture, $"project={project.Id};category={CostCategories.Letter(entry.Category)};amount={entry.Amount:0.00};document={proof!.Id}"));
        await db.SaveChangesAsync(ct);
        Message = "Spesa registrata: " + CostCategories.Label(entry.Category) + ", " + Format.Money(entry.Amount) + ".";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid entryId, string? reason, CancellationToken ct)
    {
        var project = await db.OfAlliance(User.AllianceId()).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null)
        {
            return NotFound();
        }

        ModelState.ClearBindingErrors();
        Input = new();
        Withdraw = new WithdrawInput { EntryId = entryId, Reason = reason };
        var found = true;

        // Row lock inside the retriable transaction: two staff withdrawing the same entry at once do not
        // overwrite each other's reason; the second is told it is already withdrawn.
        var saved = await audit.InTransactionAsync(async token =>
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM cost_entries WHERE id = {entryId} FOR UPDATE", token);
            var entry = await db.CostEntries.FirstOrDefaultAsync(e => e.Id == entryId && e.ProjectId == project.Id, token);
            if (entry is null)
            {
                found = false;
                return false;
            }

            try
            {
                entry.Withdraw(project, reason, clock.GetUtcNow());
            }
            catch (DomainException e)
            {
                SpendingForms.AddErrors(ModelState, e, nameof(Withdraw));
                return false;
            }

            audit.Add(AuditActions.CostWithdrawn, nameof(CostEntry), entry.Id.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"project={project.Id};category={CostCategories.Letter(entry.Category)};amount={entry.Amount:0.00}"));
            return true;
        }, ct);
        if (!found)
        {
            return NotFound();
        }

        if (!saved)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            return Page();
        }

        Message = "Spesa ritirata: non conta più nella spesa del progetto.";
        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> FailAsync(Guid id, string? formMessage, IFormFile? document, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (formMessage is not null)
        {
            ModelState.AddModelError(string.Empty, formMessage);
        }

        await LoadAsync(id, ct);
        AskToRechooseFile = document is { Length: > 0 } && !IsClosed;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var allianceId = User.AllianceId() ?? Guid.Empty;
        var figures = await report.ForProjectAsync(allianceId, id, ct);
        if (figures is null)
        {
            return false;
        }

        var project = await db.Projects.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Status, p.StartDate, p.EndDate }).SingleAsync(ct);
        (Id, Title, Figures, IsClosed, StartDate, EndDate) = (id, figures.Title, figures, project.Status == ProjectStatus.Closed, project.StartDate, project.EndDate);
        Partners = [new SelectListItem("Scegli l'ente partner", ""), .. await SpendingForms.PartnerItemsAsync(db, allianceId, ct)];
        var rows = await (from c in db.CostEntries.AsNoTracking()
                          join p in db.Partners.AsNoTracking() on c.PartnerId equals p.Id
                          join d in db.MonitoringDocuments.AsNoTracking() on c.DocumentId equals d.Id
                          where c.ProjectId == id
                          orderby c.IncurredOn descending, c.RecordedAt descending
                          select new { c.Id, c.Category, Partner = p.Name, c.Amount, c.IncurredOn, c.Description, c.DocumentId, d.FileName, c.RecordedAt, c.WithdrawnAt, c.WithdrawnReason })
            .ToListAsync(ct);
        Entries = rows.Select(r => new SpendingForms.EntryRow(r.Id, CostCategories.Label(r.Category), r.Partner, r.Amount, r.IncurredOn, r.Description,
            r.DocumentId, r.FileName, r.RecordedAt, r.WithdrawnAt, r.WithdrawnReason)).ToList();
        return true;
    }
}
