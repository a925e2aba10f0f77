using System.Globalization;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Vouchers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Staff.Vouchers;

/// <summary>
/// "Esecuzione del budget": for each project's category D and each of its calls, what is
/// committed, validated, in payout batches, paid, recovered and owed (<see cref="BudgetExecution"/>),
/// with the cross-checks that must hold to the cent, and the same figures as CSV. Staff of the
/// alliance only (folder policy); the alliance comes from the signed-in user, never from the URL.
/// </summary>
public sealed class ExecutionModel(BudgetExecution execution, TimeProvider clock) : PageModel
{
    public ExecutionReport Report { get; private set; } = new([], 0m, 0m);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.AllianceId() is not { } allianceId)
        {
            return NotFound();
        }

        Report = await execution.ReadAsync(allianceId, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (User.AllianceId() is not { } allianceId)
        {
            return NotFound();
        }

        var report = await execution.ReadAsync(allianceId, ct);
        var today = RomeTime.ToRome(clock.GetUtcNow()).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return File(BudgetExecution.Csv(report), "text/csv; charset=utf-8", $"esecuzione-budget-voucher-{today}.csv");
    }
}
