using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Admin.Users;

public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string DisplayName, string? Email, string Role, string? Municipality, bool IsDisabled, bool TwoFactorEnabled);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var rows = await (
            from u in db.Users.AsNoTracking()
            where u.AllianceId == allianceId
            let role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault()
            let municipality = db.Municipalities.Where(m => m.Id == u.MunicipalityId).Select(m => m.Name).FirstOrDefault()
            orderby u.DisplayName
            select new { u.Id, u.DisplayName, u.Email, role, municipality, u.IsDisabled, u.TwoFactorEnabled })
            .ToListAsync(ct);
        Rows = rows.Select(r => new Row(r.Id, r.DisplayName, r.Email, RoleLabels.Italian(r.role ?? ""), r.municipality, r.IsDisabled, r.TwoFactorEnabled)).ToList();
    }
}
