using Conciliazione.Domain.Data;
using Conciliazione.Domain.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages;

/// <summary>
/// The public verifier (issue 16, ADR 0114): anyone holding a monitoring report PDF, or its SHA-256,
/// checks whether it is a version this portal issued, and which one. The answer states only what the
/// document itself already says (project, period, version, generation date) and whether the version
/// was submitted to the ATS; nothing personal (not who generated or submitted it).
/// </summary>
/// <remarks>
/// The PDF is hashed in memory and thrown away, never stored or logged. The lookup is an exact match
/// on the stored SHA-256 of ready versions: a file changed by one byte has another hash and is "not
/// issued". POSTs are rate-limited per IP (<see cref="Infrastructure.SensitiveEndpointsLimiter"/>).
/// </remarks>
[RequestSizeLimit(UploadLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
public sealed class VerificaModel(AppDbContext db) : PageModel
{
    public const int MaxPdfBytes = 20 * 1024 * 1024;
    public const long UploadLimit = MaxPdfBytes + (1024 * 1024);

    public const string NoFileMessage = "Scegliere il file PDF del rapporto da verificare.";
    public const string TooLargeMessage = "Il file supera la dimensione massima di 20 MB.";
    public const string NotPdfMessage = "Il file non è un PDF: caricare il rapporto in formato PDF.";
    public const string BadHashMessage = "L'impronta SHA-256 è fatta di 64 caratteri esadecimali (cifre da 0 a 9 e lettere da a a f).";
    public const string NotIssuedMessage = "Questo file non è stato emesso da questo portale (o è stato modificato).";

    /// <summary>What the verifier says about an issued version.</summary>
    public sealed record Issued(string ProjectTitle, string AllianceName, ReportPeriod Period, int Version, DateTimeOffset GeneratedAt, DateTimeOffset? SubmittedAt, string Sha256);

    [BindProperty]
    public string? Hash { get; set; }

    /// <summary>Set after a check: the version found, or null with <see cref="Checked"/> true when none matches.</summary>
    public Issued? Result { get; private set; }

    public bool Checked { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostFileAsync(IFormFile? pdf, CancellationToken ct)
    {
        ModelState.Clear();
        if (pdf is null || pdf.Length == 0)
        {
            ModelState.AddModelError("pdf", NoFileMessage);
            return Page();
        }

        if (pdf.Length > MaxPdfBytes)
        {
            ModelState.AddModelError("pdf", TooLargeMessage);
            return Page();
        }

        byte[] bytes;
        await using (var stream = pdf.OpenReadStream())
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }

        if (!bytes.AsSpan().StartsWith("%PDF-"u8))
        {
            ModelState.AddModelError("pdf", NotPdfMessage);
            return Page();
        }

        await LookUpAsync(MonitoringReport.HashOf(bytes), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostHashAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var hash = (Hash ?? "").Trim().ToLowerInvariant();
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
        {
            ModelState.AddModelError(nameof(Hash), BadHashMessage);
            return Page();
        }

        await LookUpAsync(hash, ct);
        return Page();
    }

    private async Task LookUpAsync(string sha256, CancellationToken ct)
    {
        Checked = true;
        var found = await db.MonitoringReports.AsNoTracking()
            .Where(r => r.Sha256 == sha256 && r.Status == ReportStatus.Ready)
            .Select(r => new
            {
                Project = db.Projects.Where(p => p.Id == r.ProjectId).Select(p => p.Title).First(),
                Alliance = db.Alliances.Where(a => a.Id == r.AllianceId).Select(a => a.Name).First(),
                r.PeriodKey,
                r.Version,
                r.GeneratedAt,
                r.SubmittedAt,
            })
            .FirstOrDefaultAsync(ct);
        if (found is not null && ReportPeriod.TryParse(found.PeriodKey, out var period))
        {
            Result = new Issued(found.Project, found.Alliance, period, found.Version, found.GeneratedAt!.Value, found.SubmittedAt, sha256);
        }
    }
}
