using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Pages.Staff.Project.Indicators;

/// <summary>
/// Records the value of a staff-entered indicator for a half-year, with the evidence it rests on (a
/// text and a PDF/JPEG/PNG document), and shows the indicator's history. A correction supersedes the
/// period's current value, which stays in the history. Computed indicators have no such page (404):
/// their value is counted from the records and can never be typed over.
/// </summary>
public sealed class RecordModel(AppDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public const string NotIntegerMessage = "Il valore va scritto come numero intero, senza decimali né lettere (per esempio 12).";
    public const string MissingValueMessage = "Inserire il valore raggiunto: un numero intero non negativo.";
    public const string PeriodMessage = "Scegliere un semestre del progetto già iniziato.";
    public const string ConcurrentMessage = "Un altro operatore ha appena registrato un valore per questo indicatore e questo semestre: il tuo non è stato salvato. Controlla lo storico qui sotto e, se serve, registra la correzione.";

    public sealed class InputModel
    {
        public string? Period { get; set; }
        public string? Value { get; set; }
        public string? Evidence { get; set; }
        public IFormFile? Document { get; set; }
    }

    public sealed record HistoryRow(Guid Id, MonitoringPeriod Period, int Value, string Evidence, Guid DocumentId, string FileName, DateTimeOffset RecordedAt, string? RecordedBy, DateTimeOffset? SupersededAt);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid ProjectId { get; private set; }
    public string ActionCode { get; private set; } = "";
    public Indicator Indicator { get; private set; } = default!;
    public bool IsClosed { get; private set; }
    public IReadOnlyList<SelectListItem> PeriodOptions { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, string? period, CancellationToken ct)
    {
        var project = await LoadAsync(id, ct);
        if (project is null)
        {
            return NotFound();
        }

        var periods = Periods(project);
        Input.Period = MonitoringPeriod.TryParse(period, out var p) && periods.Contains(p) ? p.Key : periods.LastOrDefault().Key;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var project = await LoadAsync(id, ct);
        if (project is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        if (project.IsClosed)
        {
            ModelState.AddModelError("", Domain.Projects.Project.ClosedMessage);
            return Page();
        }

        var periods = Periods(project);
        if (!MonitoringPeriod.TryParse(Input.Period, out var period) || !periods.Contains(period))
        {
            ModelState.AddModelError("Input.Period", PeriodMessage);
        }

        var value = ParseValue(Input.Value, out var valueError);
        if (valueError is not null)
        {
            ModelState.AddModelError("Input.Value", valueError);
        }

        if (string.IsNullOrWhiteSpace(Input.Evidence))
        {
            ModelState.AddModelError("Input.Evidence", "Indicare su quale documento si basa il valore (verbale, accordo, relazione).");
        }
        else if (Input.Evidence.Trim().Length > 1000)
        {
            ModelState.AddModelError("Input.Evidence", "Al massimo 1000 caratteri.");
        }

        var now = clock.GetUtcNow();
        MonitoringDocument? document = null;
        if (Input.Document is null || Input.Document.Length == 0)
        {
            ModelState.AddModelError("Input.Document", "Allegare il documento che prova il valore.");
        }
        else
        {
            try
            {
                document = MonitoringDocument.Upload(project.AllianceId, project.Id, MonitoringDocumentPurpose.IndicatorEvidence, await ReadAsync(Input.Document, ct), now, User.UserId());
            }
            catch (DomainException ex)
            {
                ModelState.AddModelError("Input.Document", ex.Message);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var row = IndicatorValue.Record(project, Indicator, period, value!.Value, Input.Evidence, document, now, User.UserId());
            await audit.InTransactionAsync(async token =>
            {
                // The period's current value (if any) is superseded first, then the new one added:
                // the partial unique index keeps one current value even when two staff race.
                var current = await db.IndicatorValues.Where(v => v.IndicatorId == Indicator.Id && v.PeriodStart == period.Start && v.SupersededAt == null).ToListAsync(token);
                current.ForEach(v => v.Supersede(now));
                await db.SaveChangesAsync(token);
                db.MonitoringDocuments.Add(document!);
                db.IndicatorValues.Add(row);
                audit.Add(AuditActions.IndicatorValueRecorded, nameof(IndicatorValue), row.Id.ToString(),
                    string.Create(CultureInfo.InvariantCulture, $"{Indicator.Id} {period.Key} {row.Value}{(current.Count > 0 ? " correction" : "")}"));
                return true;
            }, ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError(ex.Message == IndicatorValue.ComputedMessage || ex.Message == Domain.Projects.Project.ClosedMessage ? "" : "Input.Value", ex.Message);
            return Page();
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            ModelState.AddModelError("", ConcurrentMessage);
            return Page();
        }

        TempData["Message"] = "Valore registrato per il " + period.Label + ".";
        return RedirectToPage(new { id, period = period.Key });
    }

    /// <summary>A whole non-negative number as typed ("12"); "2,5", "due" or "-1" get an Italian message.</summary>
    public static int? ParseValue(string? text, out string? error)
    {
        error = null;
        var s = (text ?? "").Trim();
        if (s.Length == 0)
        {
            error = MissingValueMessage;
            return null;
        }

        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            error = NotIntegerMessage;
            return null;
        }

        if (value < 0)
        {
            error = "Il valore non può essere negativo.";
            return null;
        }

        return value;
    }

    private static async Task<UploadedFile> ReadAsync(IFormFile file, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return new UploadedFile(file.FileName, buffer.ToArray());
    }

    /// <summary>The project's half-years that have started: values are recorded for them only.</summary>
    private List<MonitoringPeriod> Periods(Domain.Projects.Project project)
    {
        var today = DateOnly.FromDateTime(RomeTime.ToRome(clock.GetUtcNow()).Date);
        return MonitoringPeriod.Of(project).Where(p => p.Start <= today).ToList();
    }

    /// <summary>The indicator (staff-entered, of the user's alliance) and its history; null when not found or computed.</summary>
    private async Task<Domain.Projects.Project?> LoadAsync(Guid id, CancellationToken ct)
    {
        var project = await db.FindByIndicatorAsync(id, User.AllianceId(), ct);
        var action = project?.Actions.SingleOrDefault();
        var indicator = action?.Indicators.SingleOrDefault(i => i.Id == id);
        if (project is null || action is null || indicator is null || indicator.Source != IndicatorSource.Manual)
        {
            return null;
        }

        (ProjectId, ActionCode, Indicator, IsClosed) = (project.Id, action.Code, indicator, project.IsClosed);
        PeriodOptions = Periods(project).Select(p => new SelectListItem(p.Label, p.Key)).Reverse().ToList();
        History = (await db.IndicatorValues.AsNoTracking().Where(v => v.IndicatorId == id)
                .OrderByDescending(v => v.PeriodStart).ThenByDescending(v => v.RecordedAt)
                .Select(v => new
                {
                    v.Id,
                    v.PeriodStart,
                    v.Value,
                    v.Evidence,
                    v.EvidenceDocumentId,
                    v.RecordedAt,
                    v.SupersededAt,
                    File = db.MonitoringDocuments.Where(d => d.Id == v.EvidenceDocumentId).Select(d => d.FileName).FirstOrDefault(),
                    By = db.Users.Where(u => u.Id == v.RecordedBy).Select(u => u.DisplayName).FirstOrDefault(),
                })
                .ToListAsync(ct))
            .Select(v => new HistoryRow(v.Id, MonitoringPeriod.Containing(v.PeriodStart), v.Value, v.Evidence, v.EvidenceDocumentId, v.File ?? "", v.RecordedAt, v.By, v.SupersededAt))
            .ToList();
        return project;
    }
}
