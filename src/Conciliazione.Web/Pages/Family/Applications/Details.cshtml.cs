using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// A submitted application as its family sees it: status timeline, receipt, documents, a link to withdraw;
/// once the ranking is published, where it stands (funded with its amount, on the reserve list, revoked
/// with the reasons) and a link to renounce. Another family's id is a 404, for the page and for every
/// file (SECURITY-CHECKS #11, #12).
/// </summary>
public sealed class DetailsModel(AppDbContext db, ICallCatalog calls, AuditLog audit) : PageModel
{
    public sealed record TimelineStep(string Label, bool Reached, DateTimeOffset? At);

    public sealed record DocumentLink(Guid Id, string Label);

    /// <summary>
    /// Where a decided application stands with the money: its grant (amount, what the amount rule
    /// allowed, where it came from), its place in the published ranking, how many reserve-list
    /// applications come before it, and why it was revoked or renounced (with what is owed back).
    /// </summary>
    public sealed record GrantStanding(
        decimal? Granted,
        decimal? Requested,
        GrantSource? Source,
        int? Position,
        bool RankingPublished,
        int? ReserveAhead,
        string? RevocationReason,
        decimal Recovery,
        string? RenunciationReason,
        DateTimeOffset? RenouncedAt,
        Guid? VoucherId = null,
        string? VoucherCode = null)
    {
        public bool IsPartial => Granted is { } g && Requested is { } r && g < r;
    }

    public Application Application { get; private set; } = default!;
    public CallForApplicants Call { get; private set; } = default!;
    public IReadOnlyList<TimelineStep> Timeline { get; private set; } = [];
    public IReadOnlyList<DocumentLink> Documents { get; private set; } = [];
    public GrantStanding Standing { get; private set; } = new(null, null, null, null, false, null, null, 0m, null, null);

    /// <summary>A funded family may give its voucher up, a waiting one its place on the reserve list.</summary>
    public bool CanRenounce => Application.Status is ApplicationStatus.Funded or ApplicationStatus.WaitingList;

    /// <summary>False while the background job is still rendering the receipt PDF.</summary>
    public bool HasReceipt => Application.Documents.Any(d => d.RequirementKey == ApplicationDocument.ReceiptKey);

    [BindProperty(SupportsGet = true, Name = "submitted")]
    public bool JustSubmitted { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnGetReceiptAsync(Guid id, CancellationToken ct)
    {
        var result = await LoadAsync(id, ct);
        if (result is not null)
        {
            return result;
        }

        // A GET only reads. The receipt is rendered by a background job after submission: until it is
        // ready the details page says so, and this link leads back there.
        var receipt = Application.Documents.FirstOrDefault(d => d.RequirementKey == ApplicationDocument.ReceiptKey);
        return receipt is null ? RedirectToPage(new { id }) : await FileAsync(receipt.Id, ct);
    }

    public async Task<IActionResult> OnGetDocumentAsync(Guid id, Guid documentId, CancellationToken ct)
    {
        var owned = await db.OwnedBy(User.UserId()).AnyAsync(a => a.Id == id && a.Documents.Any(d => d.Id == documentId && !d.RequirementKey.StartsWith(SelfDeclarationControl.DocumentKeyPrefix)), ct);
        return owned ? await FileAsync(documentId, ct) : NotFound();
    }

    private async Task<IActionResult> FileAsync(Guid documentId, CancellationToken ct)
    {
        var file = await db.ApplicationDocuments.AsNoTracking()
            .Where(d => d.Id == documentId)
            .Select(d => new { d.FileName, d.Kind, d.ApplicationId, Bytes = d.Content!.Bytes })
            .SingleAsync(ct);
        await audit.WriteAsync(AuditActions.DocumentDownloaded, "ApplicationDocument", documentId.ToString(), ct: ct);
        return File(file.Bytes, FileSignature.ContentType(file.Kind), file.FileName);
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var application = await db.OwnedBy(User.UserId())
            .Include(a => a.History)
            .Include(a => a.Documents)
            .Include(a => a.DocumentRequests)
            .FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is null)
        {
            return NotFound();
        }

        if (application.IsDraft)
        {
            return RedirectToPage("./Edit", new { id });
        }

        var call = await calls.FindAsync(application.CallId, ct);
        if (call is null)
        {
            return NotFound();
        }

        (Application, Call) = (application, call);
        Timeline = BuildTimeline(application);
        // A control's documents (DPR 445/2000 art. 71) are the office's working papers, not the family's file.
        Documents = application.Documents
            .Where(d => !SelfDeclarationControl.IsControlDocument(d.RequirementKey))
            .OrderBy(d => d.UploadedAt)
            .Select(d => new DocumentLink(d.Id, d.RequirementKey == ApplicationDocument.ReceiptKey ? "Ricevuta (" + d.FileName + ")" : Label(application, call, d) + ": " + d.FileName))
            .ToList();
        Standing = await StandingAsync(application, ct);
        return null;
    }

    private async Task<GrantStanding> StandingAsync(Application application, CancellationToken ct)
    {
        if (application.Status is not (ApplicationStatus.Admitted or ApplicationStatus.Funded or ApplicationStatus.WaitingList
            or ApplicationStatus.Renounced or ApplicationStatus.Revoked or ApplicationStatus.NotAdmitted))
        {
            return Standing;
        }

        var id = application.Id;
        var grant = await db.Grants.AsNoTracking().Where(g => g.ApplicationId == id)
            .Select(g => new { g.Amount, g.Requested, g.Source }).SingleOrDefaultAsync(ct);
        var entry = await (from e in db.RankingEntries.AsNoTracking()
                           join r in db.Rankings.AsNoTracking() on e.RankingId equals r.Id
                           where e.ApplicationId == id && r.PublishedAt != null && r.DiscardedAt == null
                           select new { e.RankingId, e.Position }).SingleOrDefaultAsync(ct);
        int? ahead = null;
        if (entry?.Position is { } position && application.Status == ApplicationStatus.WaitingList)
        {
            // Counts only (never who): the reserve-list applications ranked before this one.
            ahead = await (from e in db.RankingEntries.AsNoTracking()
                           join a in db.Applications.AsNoTracking() on e.ApplicationId equals a.Id
                           where e.RankingId == entry.RankingId && e.Position < position && a.Status == ApplicationStatus.WaitingList
                           select e.ApplicationId).CountAsync(ct);
        }

        var recovery = await db.Recoveries.AsNoTracking().Where(r => r.ApplicationId == id).SumAsync(r => (decimal?)r.Amount, ct) ?? 0m;
        var revoked = application.History.Where(h => h.To == ApplicationStatus.Revoked).MaxBy(h => h.At);
        var renounced = application.History.Where(h => h.To == ApplicationStatus.Renounced).MaxBy(h => h.At);
        var voucher = await db.Vouchers.AsNoTracking().Where(v => v.ApplicationId == id)
            .Select(v => new { v.Id, v.Code }).FirstOrDefaultAsync(ct);
        return new GrantStanding(grant?.Amount, grant?.Requested, grant?.Source, entry?.Position, entry is not null, ahead,
            revoked?.Reason, recovery, renounced?.Reason, renounced?.At, voucher?.Id, voucher?.Code);
    }

    /// <summary>A file sent for a document request is named as the office asked for it, with the day it was sent.</summary>
    private static string Label(Application application, CallForApplicants call, ApplicationDocument d) =>
        application.DocumentRequests.FirstOrDefault(r => r.Id == d.DocumentRequestId) is { } request
            ? (request.Items.FirstOrDefault(i => i.Key == d.RequirementKey)?.Label ?? d.RequirementKey) + " (integrazione del " + RomeTime.Format(d.UploadedAt)[..10] + ")"
            : ReceiptContent.Label(call, d.RequirementKey);

    /// <summary>
    /// The usual path (Inviata, In istruttoria, Integrazione richiesta, Ammessa, Finanziata) with the
    /// moments reached, plus any other state the application actually went through (e.g. Ritirata).
    /// </summary>
    private static List<TimelineStep> BuildTimeline(Application a)
    {
        var reached = a.History.GroupBy(h => h.To).ToDictionary(g => g.Key, g => g.Max(h => h.At));
        var steps = ApplicationStatuses.Timeline
            .Select(s => new TimelineStep(ApplicationStatuses.Italian(s), reached.ContainsKey(s), reached.TryGetValue(s, out var at) ? at : null))
            .ToList();
        foreach (var (status, at) in reached.Where(r => !ApplicationStatuses.Timeline.Contains(r.Key)).OrderBy(r => r.Value))
        {
            steps.Add(new TimelineStep(ApplicationStatuses.Italian(status), true, at));
        }

        return steps;
    }
}
