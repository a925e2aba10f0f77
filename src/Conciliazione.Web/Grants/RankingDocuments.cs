using System.Globalization;
using System.Security.Cryptography;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Web.Documents;
using Conciliazione.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Grants;

/// <summary>What the PDF of a published ranking states: protocol numbers and outcomes only, never a name, a codice fiscale or an ISEE.</summary>
public sealed record RankingDocumentModel(
    string AllianceName,
    string LeadPartnerName,
    string CallReference,
    string CallTitle,
    string Mode,
    string PublishedOnRome,
    IReadOnlyList<RankingDocumentModel.Line> Lines)
{
    public sealed record Line(string Position, string ProtocolNumber, string Outcome);
}

/// <summary>
/// The PDF of a published ranking: rendered on its first download, stored in <c>ranking_documents</c>
/// and its SHA-256 recorded on the ranking, then served as stored, byte for byte, to everyone (ADR 0055).
/// </summary>
/// <remarks>
/// Two first downloads at once may both render; the table's primary key lets one store its copy and
/// the other serves that copy, so there is only ever one PDF of a ranking, and its hash never changes.
/// </remarks>
public sealed class RankingDocuments(AppDbContext db, RazorDocumentRenderer documents, IPdfRenderer pdf, AuditLog audit)
{
    private static readonly CultureInfo It = CultureInfo.GetCultureInfo("it-IT");

    /// <summary>The stored PDF of a published ranking, rendering and storing it on the first call.</summary>
    public async Task<byte[]> EnsureAsync(Guid rankingId, CancellationToken ct)
    {
        var stored = await db.RankingDocuments.AsNoTracking().Where(d => d.RankingId == rankingId).Select(d => d.Content).FirstOrDefaultAsync(ct);
        if (stored is not null)
        {
            return stored;
        }

        var ranking = await db.Rankings.AsNoTracking().SingleAsync(r => r.Id == rankingId && r.PublishedAt != null, ct);
        var call = await db.Calls.AsNoTracking().Where(c => c.Id == ranking.CallId).Select(c => new { c.ReferenceNumber, c.Title }).SingleAsync(ct);
        var alliance = await db.Alliances.AsNoTracking().Where(a => a.Id == ranking.AllianceId).Select(a => new { a.Name, a.LeadPartnerName }).SingleAsync(ct);
        var lines = await db.RankingEntries.AsNoTracking().Where(e => e.RankingId == rankingId)
            .OrderBy(e => e.Position == null).ThenBy(e => e.Position).ThenBy(e => e.ProtocolNumber)
            .Select(e => new { e.Position, e.ProtocolNumber, e.Outcome })
            .ToListAsync(ct);
        var model = new RankingDocumentModel(
            alliance.Name,
            alliance.LeadPartnerName,
            call.ReferenceNumber,
            call.Title,
            ranking.Mode == Domain.Calls.FundingMode.Ranking ? "graduatoria per ISEE crescente e criteri di parità del bando" : "ordine di arrivo (numero di protocollo)",
            RomeTime.ToRome(ranking.PublishedAt!.Value).ToString("dd/MM/yyyy", It),
            lines.Select(l => new RankingDocumentModel.Line(l.Position?.ToString(CultureInfo.InvariantCulture) ?? "-", l.ProtocolNumber, PublicRanking.Outcome(l.Outcome))).ToList());
        var html = await documents.RenderAsync("~/Documents/Views/RankingDocument.cshtml", model);
        var bytes = await pdf.RenderAsync(html, new PdfMetadata("Graduatoria " + call.ReferenceNumber, call.ReferenceNumber + " - " + call.Title, alliance.LeadPartnerName), ct);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                db.RankingDocuments.Add(new RankingDocument { RankingId = rankingId, Content = bytes });
                var tracked = await db.Rankings.SingleAsync(r => r.Id == rankingId, ct);
                tracked.RecordPdf(sha);
                audit.Add(AuditActions.RankingPdfStored, nameof(Ranking), rankingId.ToString(), "PDF della graduatoria generato, SHA-256 " + sha);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            });
            return bytes;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another download stored its copy first: everyone gets that one.
            db.ChangeTracker.Clear();
            return await db.RankingDocuments.AsNoTracking().Where(d => d.RankingId == rankingId).Select(d => d.Content).SingleAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return await db.RankingDocuments.AsNoTracking().Where(d => d.RankingId == rankingId).Select(d => d.Content).SingleAsync(ct);
        }
    }
}

/// <summary>How the public page and the PDF name an outcome.</summary>
public static class PublicRanking
{
    public static string Outcome(RankingOutcome outcome) => outcome switch
    {
        RankingOutcome.Funded => "Finanziata",
        RankingOutcome.Reserve => "In lista d'attesa",
        _ => "Non ammessa",
    };
}
