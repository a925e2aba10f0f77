using Conciliazione.Domain.Data;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Vouchers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Vouchers;

/// <summary>The signed-in family's vouchers, one per funded application, with what is left on each.</summary>
public sealed class IndexModel(AppDbContext db, ReceiptWork work) : PageModel
{
    public sealed record Row(Guid Id, string Code, string CallTitle, string ProtocolNumber, decimal Cap, decimal Left, decimal Paid, VoucherStatus Status);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = work.Today;
        var rows = await (from v in db.VouchersOf(User.UserId()).AsNoTracking()
                          join a in db.Applications.AsNoTracking() on v.ApplicationId equals a.Id
                          join c in db.Calls.AsNoTracking() on v.CallId equals c.Id
                          orderby v.IssuedAt descending
                          select new { Voucher = v, c.Title, a.ProtocolNumber })
            .ToListAsync(ct);
        Rows = rows.Select(r => new Row(r.Voucher.Id, r.Voucher.Code, r.Title, r.ProtocolNumber ?? "-", r.Voucher.Cap, r.Voucher.Left, r.Voucher.Paid, r.Voucher.StatusOn(today))).ToList();
    }
}
