using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Calls;

/// <summary>
/// The published ranking of a call, for anyone: position, protocol number and outcome, never a
/// name, a codice fiscale or an ISEE; its PDF, stored at the first download with its SHA-256
/// shown here so a copy can be checked. Rankings not (yet) published are not found.
/// </summary>
public sealed class RankingModel(AppDbContext db, CurrentAlliance alliance, RankingDocuments documents, AuditLog audit) : PageModel
{
    /// <summary>Rows per page: a region-size call ranks 100,000 applications.</summary>
    public const int PageSize = 500;

    public sealed record Row(int? Position, string ProtocolNumber, RankingOutcome Outcome);

    public string CallReference { get; private set; } = "";
    public string CallTitle { get; private set; } = "";
    public Guid CallId { get; private set; }
    public DateTimeOffset PublishedAt { get; private set; }
    public string? PdfSha256 { get; private set; }
    public Domain.Calls.FundingMode Mode { get; private set; }
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid callId, int p, CancellationToken ct)
    {
        var ranking = await PublishedAsync(callId, ct);
        if (ranking is null)
        {
            return NotFound();
        }

        (CallId, CallReference, CallTitle, PublishedAt, PdfSha256, Mode) = (callId, ranking.Reference, ranking.Title, ranking.PublishedAt, ranking.PdfSha256, ranking.Mode);
        var entries = db.RankingEntries.AsNoTracking().Where(e => e.RankingId == ranking.Id);
        var counts = await entries.GroupBy(e => e.RankingId)
            .Select(g => new { Total = g.Count(), Admitted = g.Count(e => e.Position != null) }).FirstOrDefaultAsync(ct);
        (Total, var admitted) = (counts?.Total ?? 0, counts?.Admitted ?? 0);
        PageNumber = Math.Clamp(p, 1, Pages);

        // The admitted rows hold positions 1..admitted without gaps (the ranking numbers them in
        // order), so a page of them is a range of the unique index (ranking_id, position) at any
        // depth, never a sort of the whole ranking; the applications not admitted follow by protocol.
        var skip = (PageNumber - 1) * PageSize;
        var rows = skip < admitted
            ? await entries.Where(e => e.Position > skip).OrderBy(e => e.Position).Take(PageSize)
                .Select(e => new Row(e.Position, e.ProtocolNumber, e.Outcome)).ToListAsync(ct)
            : [];
        if (rows.Count < PageSize)
        {
            rows.AddRange(await entries.Where(e => e.Position == null).OrderBy(e => e.ProtocolNumber)
                .Skip(Math.Max(0, skip - admitted)).Take(PageSize - rows.Count)
                .Select(e => new Row(e.Position, e.ProtocolNumber, e.Outcome)).ToListAsync(ct));
        }

        Rows = rows;
        return Page();
    }

    /// <summary>The PDF of the published ranking (attachment, clean name), the same bytes for everyone.</summary>
    public async Task<IActionResult> OnGetPdfAsync(Guid callId, CancellationToken ct)
    {
        var ranking = await PublishedAsync(callId, ct);
        if (ranking is null)
        {
            return NotFound();
        }

        var bytes = await documents.EnsureAsync(ranking.Id, ct);
        await audit.WriteAsync(AuditActions.DocumentDownloaded, nameof(Ranking), ranking.Id.ToString(), "PDF della graduatoria", ct: ct);
        var name = "graduatoria-" + new string(ranking.Reference.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray()) + ".pdf";
        return File(bytes, "application/pdf", name);
    }

    private async Task<Published?> PublishedAsync(Guid callId, CancellationToken ct)
    {
        var allianceId = (await alliance.GetAsync(ct))?.Id;
        return await (from r in db.Rankings.AsNoTracking()
                      join c in db.Calls.AsNoTracking() on r.CallId equals c.Id
                      where r.CallId == callId && r.AllianceId == allianceId && c.AllianceId == allianceId && r.DiscardedAt == null && r.PublishedAt != null
                      select new Published(r.Id, c.ReferenceNumber, c.Title, r.PublishedAt!.Value, r.PdfSha256, r.Mode)).FirstOrDefaultAsync(ct);
    }

    private sealed record Published(Guid Id, string Reference, string Title, DateTimeOffset PublishedAt, string? PdfSha256, Domain.Calls.FundingMode Mode);
}
