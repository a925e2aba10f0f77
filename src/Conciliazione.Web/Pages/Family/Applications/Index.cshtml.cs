using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>"Le mie domande": the family's drafts and submitted applications.</summary>
public sealed class IndexModel(AppDbContext db, ICallCatalog calls) : PageModel
{
    public sealed record Row(Guid Id, string CallTitle, string? ProtocolNumber, ApplicationStatus Status, DateTimeOffset UpdatedAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var mine = await db.OwnedBy(User.UserId())
            .AsNoTracking()
            .OrderByDescending(a => a.UpdatedAt)
            .Select(a => new { a.Id, a.CallId, a.ProtocolNumber, a.Status, a.UpdatedAt })
            .ToListAsync(ct);
        var titles = new Dictionary<Guid, string>();
        foreach (var callId in mine.Select(a => a.CallId).Distinct())
        {
            titles[callId] = (await calls.FindAsync(callId, ct))?.Title ?? "-";
        }

        Rows = mine.Select(a => new Row(a.Id, titles[a.CallId], a.ProtocolNumber, a.Status, a.UpdatedAt)).ToList();
    }
}
