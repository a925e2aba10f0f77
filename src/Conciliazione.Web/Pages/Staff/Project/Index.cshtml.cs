using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project;

public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string Title, string Programme, DateOnly Start, DateOnly End, ProjectStatus Status);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Rows = await db.OfAlliance(User.AllianceId()).AsNoTracking().OrderByDescending(p => p.StartDate)
            .Select(p => new Row(p.Id, p.Title, p.Programme, p.StartDate, p.EndDate, p.Status)).ToListAsync(ct);
}
