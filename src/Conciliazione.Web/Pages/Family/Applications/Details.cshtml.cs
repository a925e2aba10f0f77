using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
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
public sealed class DetailsModel(AppDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    /// <summary>What the page shows of the application itself.</summary>
    public sealed record ApplicationView(Guid Id, Guid CallId, ApplicationStatus Status, string? ProtocolNumber, DateTimeOffset? SubmittedAt);

    public sealed record CallTitle(string Reference, string Title);

    private sealed record Step(ApplicationStatus To, DateTimeOffset At, string? Reason);

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

    public ApplicationView Application { get; private set; } = default!;
    public CallTitle Call { get; private set; } = default!;
    public IReadOnlyList<TimelineStep> Timeline { get; private set; } = [];
    public IReadOnlyList<DocumentLink> Documents { get; private set; } = [];
    public GrantStanding Standing { get; private set; } = new(null, null, null, null, false, null, null, 0m, null, null);

    /// <summary>The open document requests of this application, for the OpenDocumentRequests component.</summary>
    public IReadOnlyList<OpenDocumentRequestsViewComponent.Row> OpenRequests { get; private set; } = [];

    /// <summary>The review's current outcome, for the ApplicationOutcome component; null until decided.</summary>
    public ApplicationOutcomeViewComponent.Outcome? Outcome { get; private set; }

    /// <summary>The receipt PDF's document, once the background job has rendered it.</summary>
    public Guid? Receipt { get; private set; }

    /// <summary>A funded family may give its voucher up, a waiting one its place on the reserve list.</summary>
    public bool CanRenounce => Application.Status is ApplicationStatus.Funded or ApplicationStatus.WaitingList;

    /// <summary>False while the background job is still rendering the receipt PDF.</summary>
    public bool HasReceipt => Receipt is not null;

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
        return Receipt is { } receipt ? await FileAsync(receipt, ct) : RedirectToPage(new { id });
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
        // One round trip (B1, docs/performance.md): the application with its history, documents and
        // requests, its call's title and current rules, its grant, published place, recoveries, voucher
        // and current decision, projected in one query instead of one query for each.
        var row = await db.OwnedBy(User.UserId()).AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new
            {
                a.Id,
                a.CallId,
                a.Status,
                a.ProtocolNumber,
                a.SubmittedAt,
                History = a.History.Select(h => new Step(h.To, h.At, h.Reason)).ToList(),
                Documents = a.Documents.Select(d => new { d.Id, d.RequirementKey, d.FileName, d.UploadedAt, d.DocumentRequestId }).ToList(),
                Requests = a.DocumentRequests.ToList(),
                Call = db.Calls
                    .Where(c => c.Id == a.CallId && c.Status != CallStatus.Draft
                        && c.OpensAt != null && c.ClosesAt != null && c.ServiceStart != null && c.ServiceEnd != null)
                    .Select(c => new
                    {
                        c.ReferenceNumber,
                        c.Title,
                        Rules = c.Versions.Where(v => v.Number == c.CurrentVersionNumber).Select(v => v.Rules).FirstOrDefault(),
                    })
                    .FirstOrDefault(),
                Grant = db.Grants.Where(g => g.ApplicationId == a.Id).Select(g => new { g.Amount, g.Requested, g.Source }).FirstOrDefault(),
                Entry = (from e in db.RankingEntries
                         join r in db.Rankings on e.RankingId equals r.Id
                         where e.ApplicationId == a.Id && r.PublishedAt != null && r.DiscardedAt == null
                         select new
                         {
                             e.Position,
                             // Counts only (never who): the reserve-list applications ranked before this one.
                             Ahead = a.Status == ApplicationStatus.WaitingList && e.Position != null
                                 ? (from o in db.RankingEntries
                                    join oa in db.Applications on o.ApplicationId equals oa.Id
                                    where o.RankingId == e.RankingId && o.Position < e.Position && oa.Status == ApplicationStatus.WaitingList
                                    select o.ApplicationId).Count()
                                 : (int?)null,
                         }).FirstOrDefault(),
                Recovery = db.Recoveries.Where(r => r.ApplicationId == a.Id).Sum(r => (decimal?)r.Amount),
                Voucher = db.Vouchers.Where(v => v.ApplicationId == a.Id).Select(v => new { v.Id, v.Code }).FirstOrDefault(),
                Decision = a.Decisions.Where(d => d.ReopenedAt == null)
                    .Select(d => new { d.Outcome, d.Reasons, d.Note, d.DecidedAt, d.LetterDocumentId }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return NotFound();
        }

        if (row.Status == ApplicationStatus.Draft)
        {
            return RedirectToPage("./Edit", new { id });
        }

        if (row.Call is null)
        {
            return NotFound();
        }

        Application = new ApplicationView(row.Id, row.CallId, row.Status, row.ProtocolNumber, row.SubmittedAt);
        Call = new CallTitle(row.Call.ReferenceNumber, row.Call.Title);
        var history = row.History;
        Timeline = BuildTimeline(history);
        Receipt = row.Documents.FirstOrDefault(d => d.RequirementKey == ApplicationDocument.ReceiptKey)?.Id;
        var required = SubmissionRules.Documents(row.Call.Rules ?? new CallRules());
        // A control's documents (DPR 445/2000 art. 71) are the office's working papers, not the family's file.
        Documents = row.Documents
            .Where(d => !SelfDeclarationControl.IsControlDocument(d.RequirementKey))
            .OrderBy(d => d.UploadedAt)
            .Select(d => new DocumentLink(d.Id, d.RequirementKey == ApplicationDocument.ReceiptKey
                ? "Ricevuta (" + d.FileName + ")"
                : Label(row.Requests, required, d.RequirementKey, d.DocumentRequestId, d.UploadedAt) + ": " + d.FileName))
            .ToList();

        // What the office is waiting for (the OpenDocumentRequests component, fed from this query).
        var now = clock.GetUtcNow();
        OpenRequests = row.Status == ApplicationStatus.DocumentsRequested
            ? row.Requests.Where(r => r.Status == DocumentRequestStatus.Open).OrderBy(r => r.DueAt)
                .Select(r => new OpenDocumentRequestsViewComponent.Row(row.Id, row.ProtocolNumber ?? "", r.Items.Select(i => i.Label).ToList(), r.Message, r.DueAt, r.IsOverdueAt(now)))
                .ToList()
            : [];

        // The review's outcome (the ApplicationOutcome component): once decided, until the ranking tells the rest.
        Outcome = row.Decision is { } decision && row.Status is not (ApplicationStatus.InReview or ApplicationStatus.DocumentsRequested or ApplicationStatus.Submitted)
            ? new ApplicationOutcomeViewComponent.Outcome(row.Id, decision.Outcome == DecisionOutcome.Admitted,
                decision.Note is null ? decision.Reasons : [.. decision.Reasons, decision.Note], decision.DecidedAt, decision.LetterDocumentId,
                AwaitsRanking: row.Status == ApplicationStatus.Admitted)
            : null;

        if (row.Status is ApplicationStatus.Admitted or ApplicationStatus.Funded or ApplicationStatus.WaitingList
            or ApplicationStatus.Renounced or ApplicationStatus.Revoked or ApplicationStatus.NotAdmitted)
        {
            var revoked = history.Where(h => h.To == ApplicationStatus.Revoked).MaxBy(h => h.At);
            var renounced = history.Where(h => h.To == ApplicationStatus.Renounced).MaxBy(h => h.At);
            Standing = new GrantStanding(row.Grant?.Amount, row.Grant?.Requested, row.Grant?.Source, row.Entry?.Position, row.Entry is not null,
                row.Entry?.Position is not null && row.Status == ApplicationStatus.WaitingList ? row.Entry.Ahead : null,
                revoked?.Reason, row.Recovery ?? 0m, renounced?.Reason, renounced?.At, row.Voucher?.Id, row.Voucher?.Code);
        }

        return null;
    }

    /// <summary>A file sent for a document request is named as the office asked for it, with the day it was sent.</summary>
    private static string Label(IReadOnlyList<DocumentRequest> requests, IReadOnlyList<(string Key, RequiredDocument Document)> required, string requirementKey, Guid? requestId, DateTimeOffset uploadedAt) =>
        requests.FirstOrDefault(r => r.Id == requestId) is { } request
            ? (request.Items.FirstOrDefault(i => i.Key == requirementKey)?.Label ?? requirementKey) + " (integrazione del " + RomeTime.Format(uploadedAt)[..10] + ")"
            : requirementKey == ApplicationDocument.DecisionKey ? "Lettera di esito" : required.FirstOrDefault(d => d.Key == requirementKey).Document?.Name ?? requirementKey;

    /// <summary>
    /// The usual path (Inviata, In istruttoria, Integrazione richiesta, Ammessa, Finanziata) with the
    /// moments reached, plus any other state the application actually went through (e.g. Ritirata).
    /// </summary>
    private static List<TimelineStep> BuildTimeline(IReadOnlyList<Step> history)
    {
        var reached = history.GroupBy(h => h.To).ToDictionary(g => g.Key, g => g.Max(h => h.At));
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
