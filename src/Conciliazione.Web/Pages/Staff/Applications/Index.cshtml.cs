using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Authorization;
using Conciliazione.Web.Exports;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Review;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Applications;

/// <summary>
/// The review queue of one call (coda delle domande): the submitted applications of the staff
/// user's alliance, filtered by status, municipality of residence, reviewer, document requests
/// (pending or overdue) and flags, with the counts per status, in protocol order, 50 a page.
/// Filters are GET parameters made only of ids, status names and flag keys (nothing personal in
/// the address). The audited document download stays here (<see cref="OnGetDocumentAsync"/>).
/// </summary>
/// <remarks>
/// Pages follow the protocol number (keyset: <c>after=2026/000050</c>, never OFFSET): the index on
/// (call_id, protocol_number) serves each page in constant time, and an application taken in
/// charge meanwhile neither repeats nor disappears between pages.
/// </remarks>
public sealed class IndexModel(AppDbContext db, ReadDatabase read, AuditLog audit, Reviewers reviewers, TimeProvider clock, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Reviewer filter values besides a user id.</summary>
    public const string Unassigned = "none";
    public const string Mine = "me";

    /// <summary>Document request filter values.</summary>
    public const string Pending = "pending";
    public const string Overdue = "overdue";

    public sealed record CallChoice(Guid Id, string ReferenceNumber, string Title);

    public sealed record MunicipalityChoice(Guid Id, string Name);

    public sealed record Row(
        Guid Id,
        string ProtocolNumber,
        DateTimeOffset? SubmittedAt,
        ApplicationStatus Status,
        Guid? ReviewerId,
        string? ReviewerName,
        DateTimeOffset? OpenRequestDueAt,
        List<string> Flags,
        uint Version);

    [BindProperty(SupportsGet = true, Name = "call")]
    public Guid? CallId { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public ApplicationStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "municipality")]
    public Guid? MunicipalityId { get; set; }

    /// <summary><see cref="Unassigned"/>, <see cref="Mine"/> or a staff user's id.</summary>
    [BindProperty(SupportsGet = true, Name = "reviewer")]
    public string? Reviewer { get; set; }

    /// <summary><see cref="Pending"/> or <see cref="Overdue"/>.</summary>
    [BindProperty(SupportsGet = true, Name = "requests")]
    public string? Requests { get; set; }

    /// <summary>A <see cref="ReviewFlags"/> key.</summary>
    [BindProperty(SupportsGet = true, Name = "flag")]
    public string? Flag { get; set; }

    /// <summary>The protocol number of the last row of the previous page.</summary>
    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    public IReadOnlyList<CallChoice> Calls { get; private set; } = [];
    public CallChoice? Call { get; private set; }
    public IReadOnlyList<MunicipalityChoice> Municipalities { get; private set; } = [];
    public IReadOnlyList<Reviewers.Choice> ReviewerChoices { get; private set; } = [];
    public IReadOnlyDictionary<ApplicationStatus, int> Counts { get; private set; } = new Dictionary<ApplicationStatus, int>();
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The protocol number the "Successive" link starts after; null on the last page.</summary>
    public string? NextAfter { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public Guid? CurrentUserId { get; private set; }

    /// <summary>For admins: whom the ticked rows may be assigned to (empty for other operators: no bulk control).</summary>
    public IReadOnlyList<Reviewers.Choice> Assignable { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        CurrentUserId = User.UserId();
        Now = clock.GetUtcNow();
        Calls = await db.Calls.AsNoTracking()
            .Where(c => c.AllianceId == allianceId && db.Applications.Any(a => a.CallId == c.Id && a.Status != ApplicationStatus.Draft))
            .OrderByDescending(c => c.OpensAt).ThenByDescending(c => c.CreatedAt).ThenBy(c => c.ReferenceNumber)
            .Select(c => new CallChoice(c.Id, c.ReferenceNumber, c.Title))
            .ToListAsync(ct);
        Call = CallId is { } chosen ? Calls.FirstOrDefault(c => c.Id == chosen) : Calls.FirstOrDefault();
        if (CallId is not null && Call is null)
        {
            // Another alliance's call, or one without applications: nothing to show under that id.
            return NotFound();
        }

        if (Call is null)
        {
            return Page();
        }

        Municipalities = await db.Municipalities.AsNoTracking().Where(m => m.AllianceId == allianceId)
            .OrderBy(m => m.Name).Select(m => new MunicipalityChoice(m.Id, m.Name)).ToListAsync(ct);
        ReviewerChoices = await reviewers.AllAsync(allianceId, ct);
        if ((await authorization.AuthorizeAsync(User, Policies.Admin)).Succeeded)
        {
            Assignable = await reviewers.AssignableAsync(allianceId, ct);
        }

        var callId = Call.Id;
        var ofCall = db.Applications.AsNoTracking()
            .Where(a => a.AllianceId == allianceId && a.CallId == callId && a.Status != ApplicationStatus.Draft);
        Counts = await ofCall.GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        var rows = await Filter(ofCall, Now)
            .OrderBy(a => a.ProtocolNumber)
            .Take(PageSize + 1)
            .Select(a => new Row(
                a.Id,
                a.ProtocolNumber!,
                a.SubmittedAt,
                a.Status,
                a.ReviewerId,
                db.Users.Where(u => u.Id == a.ReviewerId).Select(u => u.DisplayName).FirstOrDefault(),
                a.DocumentRequests.Where(r => r.Status == DocumentRequestStatus.Open).Select(r => (DateTimeOffset?)r.DueAt).FirstOrDefault(),
                a.Flags,
                EF.Property<uint>(a, "xmin")))
            .ToListAsync(ct);
        NextAfter = rows.Count > PageSize ? rows[PageSize - 1].ProtocolNumber : null;
        Rows = rows.Take(PageSize).ToList();
        return Page();
    }

    /// <summary>The rows the filters select, all pages, as CSV: <c>?handler=Csv&amp;call=…&amp;status=…</c>.</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ExportAsync(xlsx: false, ct);

    /// <summary>The same rows as XLSX.</summary>
    public Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) => ExportAsync(xlsx: true, ct);

    private async Task<IActionResult> ExportAsync(bool xlsx, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        CurrentUserId = User.UserId();
        Now = clock.GetUtcNow();
        // A whole call's list is a heavy read: the read replica when there is one (ADR 0148); the audit row goes to the primary.
        var source = await read.GetAsync(ct);
        var call = await source.Calls.AsNoTracking().Where(c => c.Id == CallId && c.AllianceId == allianceId)
            .Select(c => new { c.Id, c.ReferenceNumber }).FirstOrDefaultAsync(ct);
        if (call is null)
        {
            return NotFound();
        }

        After = null;
        var ofCall = source.Applications.AsNoTracking()
            .Where(a => a.AllianceId == allianceId && a.CallId == call.Id && a.Status != ApplicationStatus.Draft);
        var rows = await Filter(ofCall, Now)
            .OrderBy(a => a.ProtocolNumber)
            .Select(a => new
            {
                a.ProtocolNumber,
                a.SubmittedAt,
                a.Status,
                a.ReviewerId,
                ReviewerName = source.Users.Where(u => u.Id == a.ReviewerId).Select(u => u.DisplayName).FirstOrDefault(),
                DueAt = a.DocumentRequests.Where(r => r.Status == DocumentRequestStatus.Open).Select(r => (DateTimeOffset?)r.DueAt).FirstOrDefault(),
                a.Flags,
            })
            .ToListAsync(ct);
        var table = new ExportTable("domande", "Domande " + call.ReferenceNumber,
            [
                new ExportColumn("Protocollo"), new ExportColumn("Data di invio", ExportKind.DateTime), new ExportColumn("Stato"),
                new ExportColumn("Istruttore"), new ExportColumn("Integrazione"), new ExportColumn("Segnalazioni"),
            ],
            rows.Select(r => (IReadOnlyList<object?>)
            [
                r.ProtocolNumber, r.SubmittedAt, ApplicationStatuses.Italian(r.Status),
                r.ReviewerId is null ? "non assegnata" : r.ReviewerName,
                r.DueAt is { } due ? (due <= Now ? "Scaduta il " : "In attesa fino al ") + RomeTime.Format(due) : null,
                string.Join(", ", r.Flags.Select(ReviewFlags.Italian)),
            ]).ToList());
        return await ExportFile.DownloadAsync(audit, table, ExportFile.Name("domande", call.ReferenceNumber, Now), xlsx, ct);
    }

    private IQueryable<Application> Filter(IQueryable<Application> query, DateTimeOffset now)
    {
        if (Status is { } status)
        {
            query = query.Where(a => a.Status == status);
        }

        if (MunicipalityId is { } municipality)
        {
            query = query.Where(a => a.ResidenceMunicipalityId == municipality);
        }

        if (Reviewer == Unassigned)
        {
            query = query.Where(a => a.ReviewerId == null);
        }
        else if (Reviewer == Mine)
        {
            var me = CurrentUserId;
            query = query.Where(a => a.ReviewerId == me);
        }
        else if (Guid.TryParse(Reviewer, out var reviewerId))
        {
            query = query.Where(a => a.ReviewerId == reviewerId);
        }

        if (Requests == Pending)
        {
            query = query.Where(a => a.DocumentRequests.Any(r => r.Status == DocumentRequestStatus.Open));
        }
        else if (Requests == Overdue)
        {
            query = query.Where(a => a.DocumentRequests.Any(r => r.Status == DocumentRequestStatus.Open && r.DueAt <= now));
        }

        if (Flag is { Length: > 0 } flag && ReviewFlags.All.Contains(flag))
        {
            query = query.Where(a => a.Flags.Contains(flag));
        }

        if (After is { Length: > 0 } after)
        {
            query = query.Where(a => string.Compare(a.ProtocolNumber, after) > 0);
        }

        return query;
    }

    /// <summary>The current filters as route values (for the pager, the counts and the actions' way back), with some overridden.</summary>
    public Dictionary<string, string> Query(string? status = "", string? after = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Put(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values[key] = value;
            }
        }

        Put("call", Call?.Id.ToString());
        Put("status", status == "" ? Status?.ToString() : status);
        Put("municipality", MunicipalityId?.ToString());
        Put("reviewer", Reviewer);
        Put("requests", Requests);
        Put("flag", Flag);
        Put("after", after);
        return values;
    }

    /// <summary>This page's address with the current filters and page: where the row actions come back to.</summary>
    public string ReturnUrl => Url.Page("./Index", Query(after: After)) ?? "/Staff/Applications";

    /// <summary>"Prendi in carico" is offered on a submitted application (unless assigned to a colleague), or one under review that nobody has in charge.</summary>
    public bool CanTakeInCharge(Row row) =>
        (row.Status == ApplicationStatus.Submitted && (row.ReviewerId is null || row.ReviewerId == CurrentUserId))
        || (ApplicationTransitions.IsUnderReview(row.Status) && row.ReviewerId is null);

    public async Task<IActionResult> OnGetDocumentAsync(Guid documentId, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var file = await db.ApplicationDocuments.AsNoTracking()
            .Where(d => d.Id == documentId && db.Applications.Any(a => a.Id == d.ApplicationId && a.AllianceId == allianceId && a.Status != ApplicationStatus.Draft))
            .Select(d => new { d.FileName, d.Kind, Bytes = d.Content!.Bytes })
            .SingleOrDefaultAsync(ct);
        if (file is null)
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.DocumentDownloaded, "ApplicationDocument", documentId.ToString(), ct: ct);
        return File(file.Bytes, FileSignature.ContentType(file.Kind), file.FileName);
    }
}
