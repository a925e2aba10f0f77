using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Monitoring;

/// <summary>The applications of one call, counted per status (drafts excluded: nobody submitted them).</summary>
public sealed record CallApplications(Guid CallId, string Reference, string Title, IReadOnlyDictionary<ApplicationStatus, int> ByStatus)
{
    public int Total => ByStatus.Values.Sum();

    public int Count(ApplicationStatus status) => ByStatus.GetValueOrDefault(status);
}

/// <summary>The money of one call: planned (its budget), committed (active grants), paid (reimbursements the bank paid) and recovered after revocations.</summary>
public sealed record CallFunds(Guid CallId, Guid ProjectId, string Reference, string Title, decimal Planned, decimal Committed, decimal Paid, decimal Recovered);

/// <summary>A project's category D with its reallocations (what the plan puts on vouchers) and its calls' totals.</summary>
public sealed record ProjectFunds(Guid ProjectId, string Title, decimal CategoryD, decimal Planned, decimal Committed, decimal Paid, decimal Recovered);

/// <summary>Document requests of one call still open after their deadline (counted, never listed: the queue shows who).</summary>
public sealed record OverdueRequests(Guid CallId, string Reference, string Title, int Count);

/// <summary>What an upcoming deadline is about.</summary>
public enum DeadlineKind
{
    /// <summary>A call's application window closes.</summary>
    CallCloses,

    /// <summary>The last day to upload receipts for some vouchers of a call.</summary>
    ReceiptsDue,

    /// <summary>Document requests the families must answer by that day.</summary>
    DocumentRequestsDue,
}

/// <summary>An upcoming deadline: a day, what, which call, and how many records it concerns (1 for a call closing).</summary>
public sealed record Deadline(DateOnly On, DeadlineKind Kind, Guid CallId, string Reference, string Title, int Count);

/// <summary>A planned monitoring meeting (not cancelled, not yet held, today or later).</summary>
public sealed record UpcomingMeeting(Guid Id, string Title, DateOnly PlannedOn, string? Place, string ProjectTitle);

/// <summary>The indicators of one running project against their targets (<see cref="IndicatorBoard"/>).</summary>
public sealed record ProjectIndicators(Guid ProjectId, string Title, IReadOnlyList<IndicatorRow> Rows);

/// <summary>Everything the lead-partner dashboard shows, for one alliance, on one day.</summary>
public sealed record LeadDashboardData(
    DateOnly Today,
    IReadOnlyList<CallApplications> Applications,
    IReadOnlyList<CallFunds> Funds,
    IReadOnlyList<ProjectFunds> Projects,
    IReadOnlyList<ProjectIndicators> Indicators,
    IReadOnlyList<OverdueRequests> Overdue,
    IReadOnlyList<Deadline> Deadlines,
    IReadOnlyList<UpcomingMeeting> Meetings)
{
    public int OverdueTotal => Overdue.Sum(o => o.Count);

    public decimal Planned => Funds.Sum(f => f.Planned);

    public decimal Committed => Funds.Sum(f => f.Committed);

    public decimal Paid => Funds.Sum(f => f.Paid);

    public decimal Recovered => Funds.Sum(f => f.Recovered);
}

/// <summary>
/// The lead partner's dashboard (issue 15): for the staff of one alliance, applications by call and
/// status, funds planned, committed, paid and recovered (read through <see cref="BudgetExecution"/>, so
/// the figures are the ones the budget execution page cross-checks), the indicators against their
/// targets (<see cref="IndicatorBoard"/>), document requests overdue, the deadlines of the next
/// <see cref="HorizonDays"/> days and the meetings planned. Aggregates only: no family is named here;
/// the counts link to the review queue, which staff already use to see who. Everything is read through
/// <see cref="ReadDatabase"/>: the read replica when there is one (ADR 0148).
/// </summary>
public sealed class LeadDashboard(ReadDatabase read)
{
    /// <summary>How far ahead the deadlines look.</summary>
    public const int HorizonDays = 30;

    public async Task<LeadDashboardData> LoadAsync(Guid allianceId, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(RomeTime.ToRome(now).DateTime);
        var horizon = today.AddDays(HorizonDays);
        var until = RomeTime.FromRome(horizon.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var db = await read.GetAsync(ct);
        var execution = new BudgetExecution(db);
        var indicators = new IndicatorBoard(db);
        var calls = await db.Calls.AsNoTracking().Where(c => c.AllianceId == allianceId)
            .OrderBy(c => c.ReferenceNumber)
            .Select(c => new { c.Id, c.ReferenceNumber, c.Title, c.Status, c.ClosesAt })
            .ToListAsync(ct);
        var callById = calls.ToDictionary(c => c.Id);

        var counts = await db.Applications.AsNoTracking()
            .Where(a => a.AllianceId == allianceId && a.Status != ApplicationStatus.Draft)
            .GroupBy(a => new { a.CallId, a.Status })
            .Select(g => new { g.Key.CallId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var applications = calls.Where(c => counts.Any(x => x.CallId == c.Id))
            .Select(c => new CallApplications(c.Id, c.ReferenceNumber, c.Title,
                counts.Where(x => x.CallId == c.Id).ToDictionary(x => x.Status, x => x.Count)))
            .ToList();

        var report = await execution.ReadAsync(allianceId, ct);
        var funds = report.Projects.SelectMany(p => p.Calls)
            .Where(c => callById.TryGetValue(c.CallId, out var call) && call.Status != CallStatus.Draft)
            .OrderBy(c => c.Reference, StringComparer.Ordinal)
            .Select(c => new CallFunds(c.CallId, c.ProjectId, c.Reference, c.Title, c.Budget, c.Committed, c.Paid, c.Recovered))
            .ToList();
        var projects = report.Projects
            .Select(p => new ProjectFunds(p.ProjectId, p.Title, p.Voucher.Available,
                funds.Where(f => f.ProjectId == p.ProjectId).Sum(f => f.Planned), p.Committed, p.Paid, p.Recovered))
            .ToList();

        var running = await db.Projects.AsNoTracking().Where(p => p.AllianceId == allianceId && p.Status != ProjectStatus.Closed)
            .OrderByDescending(p => p.StartDate).Select(p => new { p.Id, p.Title }).ToListAsync(ct);
        var boards = new List<ProjectIndicators>();
        foreach (var p in running)
        {
            boards.Add(new ProjectIndicators(p.Id, p.Title, await indicators.ForProjectAsync(p.Id, null, today, ct)));
        }

        var openRequests = await (from r in db.DocumentRequests.AsNoTracking()
                                  join a in db.Applications.AsNoTracking() on r.ApplicationId equals a.Id
                                  where a.AllianceId == allianceId && r.Status == DocumentRequestStatus.Open && r.DueAt < until
                                  select new { a.CallId, r.DueAt })
            .ToListAsync(ct);
        var overdue = openRequests.Where(r => r.DueAt <= now).GroupBy(r => r.CallId)
            .Select(g => new OverdueRequests(g.Key, callById[g.Key].ReferenceNumber, callById[g.Key].Title, g.Count()))
            .OrderBy(o => o.Reference, StringComparer.Ordinal)
            .ToList();

        var deadlines = new List<Deadline>();
        deadlines.AddRange(calls
            .Where(c => c.Status == CallStatus.Published && c.ClosesAt is { } closes && closes > now && closes < until)
            .Select(c => new Deadline(RomeDay(c.ClosesAt!.Value), DeadlineKind.CallCloses, c.Id, c.ReferenceNumber, c.Title, 1)));
        deadlines.AddRange(openRequests.Where(r => r.DueAt > now)
            .GroupBy(r => new { r.CallId, Day = RomeDay(r.DueAt) })
            .Select(g => new Deadline(g.Key.Day, DeadlineKind.DocumentRequestsDue, g.Key.CallId, callById[g.Key.CallId].ReferenceNumber, callById[g.Key.CallId].Title, g.Count())));
        var receipts = await db.Vouchers.AsNoTracking()
            .Where(v => v.AllianceId == allianceId && (v.Status == VoucherStatus.Issued || v.Status == VoucherStatus.InUse)
                        && v.ReceiptsUntil >= today && v.ReceiptsUntil <= horizon)
            .GroupBy(v => new { v.CallId, v.ReceiptsUntil })
            .Select(g => new { g.Key.CallId, g.Key.ReceiptsUntil, Count = g.Count() })
            .ToListAsync(ct);
        deadlines.AddRange(receipts.Select(r => new Deadline(r.ReceiptsUntil, DeadlineKind.ReceiptsDue, r.CallId, callById[r.CallId].ReferenceNumber, callById[r.CallId].Title, r.Count)));

        var meetings = await (from m in db.Meetings.AsNoTracking()
                              join p in db.Projects.AsNoTracking() on m.ProjectId equals p.Id
                              where m.AllianceId == allianceId && m.Status == MeetingStatus.Planned && m.PlannedOn >= today
                              orderby m.PlannedOn, m.Title
                              select new UpcomingMeeting(m.Id, m.Title, m.PlannedOn, m.Place, p.Title))
            .ToListAsync(ct);

        return new LeadDashboardData(today, applications, funds, projects, boards, overdue,
            [.. deadlines.OrderBy(d => d.On).ThenBy(d => d.Kind).ThenBy(d => d.Reference, StringComparer.Ordinal)], meetings);
    }

    private static DateOnly RomeDay(DateTimeOffset instant) => DateOnly.FromDateTime(RomeTime.ToRome(instant).DateTime);
}
