using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Calls;

/// <summary>
/// Public list of the alliance's open and upcoming calls, then the recently closed ones: the columns
/// it shows, read in one query; anonymous visitors get it from the output cache until the next call opens or closes.
/// </summary>
[OutputCache(PolicyName = PublicContent.Policy)]
public sealed class IndexModel(AppDbContext db, CurrentAlliance alliance, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, string Title, string ActionCode, string? Description, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, DateOnly? ServiceStart, DateOnly? ServiceEnd, WindowState State, string Window);

    public IReadOnlyList<Row> Open { get; private set; } = [];
    public IReadOnlyList<Row> Upcoming { get; private set; } = [];
    public IReadOnlyList<Row> Closed { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var allianceId = (await alliance.GetAsync(ct))?.Id;
        var now = clock.GetUtcNow();
        var calls = await db.Calls.AsNoTracking()
            .Where(c => c.AllianceId == allianceId && c.Status != CallStatus.Draft)
            .OrderBy(c => c.ClosesAt)
            .Select(c => new { c.Id, c.Title, c.ActionCode, c.Description, c.Status, c.OpensAt, c.ClosesAt, c.ServiceStart, c.ServiceEnd })
            .ToListAsync(ct);
        var rows = calls.Select(c =>
        {
            var state = Call.StateAt(c.Status, c.OpensAt, c.ClosesAt, now);
            PublicContent.ExpireNoLaterThan(HttpContext, state == WindowState.Upcoming ? c.OpensAt : c.ClosesAt, now);
            return new Row(c.Id, c.Title, c.ActionCode, c.Description, c.OpensAt, c.ClosesAt, c.ServiceStart, c.ServiceEnd, state, PublicCalls.WindowSentence(state, c.OpensAt, c.ClosesAt, now));
        }).ToList();
        Open = rows.Where(r => r.State == WindowState.Open).ToList();
        Upcoming = rows.Where(r => r.State == WindowState.Upcoming).OrderBy(r => r.OpensAt).ToList();
        Closed = rows.Where(r => r.State == WindowState.Closed).OrderByDescending(r => r.ClosesAt).Take(10).ToList();
    }
}
