using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>The alliance's calls per project, with what is left of each project's voucher budget.</summary>
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record CallRow(Guid Id, string ReferenceNumber, string Title, string ActionCode, CallStatus Status, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, decimal Budget, bool IsFrozen);

    public sealed record ProjectBlock(Guid Id, string Title, bool IsClosed, VoucherBudget Budget, IReadOnlyList<CallRow> Calls);

    public IReadOnlyList<ProjectBlock> Projects { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var projects = await db.Projects.AsNoTracking().Where(p => p.AllianceId == allianceId)
            .OrderByDescending(p => p.StartDate).Select(p => new { p.Id, p.Title, p.Status }).ToListAsync(ct);
        var calls = await db.Calls.AsNoTracking().Where(c => c.AllianceId == allianceId)
            .OrderBy(c => c.ActionCode).ThenBy(c => c.ReferenceNumber)
            .Select(c => new { c.ProjectId, Row = new CallRow(c.Id, c.ReferenceNumber, c.Title, c.ActionCode, c.Status, c.OpensAt, c.ClosesAt, c.Budget, c.FrozenAt != null) })
            .ToListAsync(ct);
        var blocks = new List<ProjectBlock>();
        foreach (var p in projects)
        {
            var budget = await db.ReadAsync(p.Id, null, ct);
            blocks.Add(new ProjectBlock(p.Id, p.Title, p.Status == ProjectStatus.Closed, budget, calls.Where(c => c.ProjectId == p.Id).Select(c => c.Row).ToList()));
        }

        Projects = blocks;
    }
}
