using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project;

/// <summary>What the cost and the co-financing pages share: reading the form, the document download, the entry list.</summary>
public static class SpendingForms
{
    /// <summary>Room for one 10 MB document plus the form; anything larger is refused by the server (413).</summary>
    public const long UploadLimit = FileSignature.MaxBytes + (512 * 1024);

    public const string RechooseFile = "Per sicurezza il documento scelto non viene conservato quando il modulo ha errori: sceglierlo di nuovo prima di salvare.";

    /// <summary>One entry as the list shows it (cost or co-financing).</summary>
    public sealed record EntryRow(Guid Id, string What, string Partner, decimal Amount, DateOnly On, string Description, Guid DocumentId, string FileName,
        DateTimeOffset RecordedAt, DateTimeOffset? WithdrawnAt, string? WithdrawnReason);

    public static async Task<UploadedFile?> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return null;
        }

        await using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return new UploadedFile(file.FileName, buffer.ToArray());
    }

    /// <summary>Reads a date as the browser's date field sends it (2018-03-15) or as a person types it (15/03/2018).</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact((text ?? "").Trim(), ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Puts a domain refusal on its fields, except on a field the page already found unreadable (it keeps that one message).</summary>
    public static void AddErrors(ModelStateDictionary modelState, DomainException e, string prefix)
    {
        foreach (var error in e.Errors)
        {
            var key = string.IsNullOrEmpty(error.Field) ? string.Empty : prefix + "." + error.Field;
            if (key.Length == 0 || modelState.GetFieldValidationState(key) != ModelValidationState.Invalid)
            {
                modelState.AddModelError(key, error.Message);
            }
        }
    }

    public static Task<List<SelectListItem>> PartnerItemsAsync(AppDbContext db, Guid allianceId, CancellationToken ct) =>
        db.Partners.AsNoTracking().Where(p => p.AllianceId == allianceId)
            .OrderByDescending(p => p.IsLeadPartner).ThenBy(p => p.Name)
            .Select(p => new SelectListItem(p.Name, p.Id.ToString())).ToListAsync(ct);

    /// <summary>
    /// A cost or co-financing document of a project of the signed-in user's alliance; anything else
    /// (another alliance's, another project's, an indicator's evidence, minutes) is a 404. Audited.
    /// </summary>
    public static async Task<IActionResult> DocumentAsync(AppDbContext db, AuditLog audit, Guid? allianceId, Guid projectId, Guid documentId, MonitoringDocumentPurpose purpose, CancellationToken ct)
    {
        var file = await db.MonitoringDocuments.AsNoTracking()
            .Where(d => d.Id == documentId && d.ProjectId == projectId && d.AllianceId == allianceId && d.Purpose == purpose)
            .Select(d => new { d.FileName, d.ContentKind, d.Content }).FirstOrDefaultAsync(ct);
        if (file is null)
        {
            return new NotFoundResult();
        }

        await audit.WriteAsync(AuditActions.SpendingDocumentDownloaded, nameof(MonitoringDocument), documentId.ToString(), ct: ct);
        return new FileContentResult(file.Content, FileSignature.ContentType(file.ContentKind)) { FileDownloadName = file.FileName };
    }

    /// <summary>The entries as the list shows them, for a download: date, what, partner, amount, description, document, state.</summary>
    public static Exports.ExportTable EntriesTable(string id, string title, string whatHeader, IReadOnlyList<EntryRow> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new Exports.ExportTable(id, title,
            [
                new("Data", Exports.ExportKind.Date), new(whatHeader), new("Ente partner"), new("Importo", Exports.ExportKind.Euros),
                new("Descrizione"), new("Documento"), new("Registrata il", Exports.ExportKind.DateTime), new("Stato"), new("Ritirata il", Exports.ExportKind.DateTime), new("Motivo del ritiro"),
            ],
            entries.Select(e => (IReadOnlyList<object?>)
            [
                e.On, e.What, e.Partner, e.Amount, e.Description, e.FileName, e.RecordedAt, e.WithdrawnAt is null ? "Valida" : "Ritirata", e.WithdrawnAt, e.WithdrawnReason,
            ]).ToList());
    }

    public static FileContentResult Csv(byte[] bytes, string name) =>
        new(bytes, "text/csv; charset=utf-8") { FileDownloadName = name };
}

/// <summary>The model of the <c>_SpendingEntries</c> partial: the entries, and the withdrawal that was refused (to show its reason and error on its row).</summary>
public sealed record SpendingEntriesView(Guid ProjectId, string Caption, string WhatHeader, IReadOnlyList<SpendingForms.EntryRow> Entries, bool IsClosed,
    Guid? FailedEntryId, string? FailedReason, string? FailedError);

/// <summary>The model of the <c>_SpendingDocument</c> partial: the file field's error and whether to ask for the file again.</summary>
public sealed record SpendingDocumentView(string? Error, bool AskToRechoose);
