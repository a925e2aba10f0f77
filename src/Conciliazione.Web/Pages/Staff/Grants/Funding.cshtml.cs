using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Web.Exports;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Grants;

/// <summary>
/// The grants of one call: its ledger (budget, committed, free), the funding run down the
/// published ranking ("Concedi i contributi", with what it will do before it is pressed), the
/// grants made and the reserve list in order. The money itself moves only in
/// <see cref="GrantsWork.RunFundingAsync"/> (ADR 0054), so two staff pressing the button at once
/// fund each application once: the second finds nothing left to do and is told so.
/// </summary>
public sealed class FundingModel(AppDbContext db, GrantsWork work, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed record GrantRow(int? Position, string ProtocolNumber, decimal Amount, decimal Requested, GrantSource Source, GrantStatus Status, DateTimeOffset GrantedAt, DateTimeOffset? ReleasedAt)
    {
        public bool IsPartial => Amount < Requested;
    }

    public sealed record ReserveRow(int Position, string ProtocolNumber, decimal Requested);

    /// <summary>What pressing the button would do now: how many funded (in part), how many to the reserve list, how much.</summary>
    public sealed record RunPlan(int Funded, int Partial, int Reserve, decimal Total);

    public Guid CallId { get; private set; }
    public string Reference { get; private set; } = "";
    public string Title { get; private set; } = "";
    public CallStatus Status { get; private set; }
    public decimal Budget { get; private set; }
    public decimal Committed { get; private set; }
    public decimal Free => Budget - Committed;

    /// <summary>Null: no ranking frozen; false: frozen, not yet published; true: published.</summary>
    public bool? RankingPublished { get; private set; }

    public ShortfallPolicy WhenShort { get; private set; }
    public RunPlan? Plan { get; private set; }
    public IReadOnlyList<GrantRow> Grants { get; private set; } = [];
    public IReadOnlyList<ReserveRow> Reserve { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid callId, CancellationToken ct) =>
        await LoadAsync(callId, ct) ? Page() : NotFound();

    /// <summary>The grants of the call as CSV (all of them, in ranking order).</summary>
    public Task<IActionResult> OnGetCsvAsync(Guid callId, CancellationToken ct) => ExportAsync(callId, xlsx: false, ct);

    /// <summary>The grants of the call as XLSX.</summary>
    public Task<IActionResult> OnGetXlsxAsync(Guid callId, CancellationToken ct) => ExportAsync(callId, xlsx: true, ct);

    private async Task<IActionResult> ExportAsync(Guid callId, bool xlsx, CancellationToken ct)
    {
        if (!await LoadAsync(callId, ct))
        {
            return NotFound();
        }

        var table = new ExportTable("contributi", "Contributi " + Reference,
            [
                new ExportColumn("Posto", ExportKind.Integer), new ExportColumn("Protocollo"), new ExportColumn("Contributo", ExportKind.Euros),
                new ExportColumn("Spettante", ExportKind.Euros), new ExportColumn("Provenienza"), new ExportColumn("Stato"), new ExportColumn("Rinuncia o revoca il", ExportKind.DateTime),
            ],
            Grants.Select(g => (IReadOnlyList<object?>)
            [
                g.Position, g.ProtocolNumber, g.Amount, g.Requested,
                g.Source == GrantSource.ReserveList ? "dalla lista d'attesa" : "dalla graduatoria",
                g.Status switch { GrantStatus.Active => "Attivo", GrantStatus.Renounced => "Rinunciato", _ => "Revocato" },
                g.ReleasedAt,
            ]).ToList());
        return await ExportFile.DownloadAsync(audit, table, ExportFile.Name("contributi", Reference, clock.GetUtcNow()), xlsx, ct);
    }

    public async Task<IActionResult> OnPostRunAsync(Guid callId, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        if (allianceId is null || !await db.Calls.AnyAsync(c => c.Id == callId && c.AllianceId == allianceId, ct))
        {
            return NotFound();
        }

        var (result, error) = await work.RunFundingAsync(callId, allianceId.Value, User.UserId() ?? Guid.Empty, ct);
        if (error is not null)
        {
            ModelState.AddModelError("", error);
            await LoadAsync(callId, ct);
            return Page();
        }

        TempData["Message"] = "Contributi concessi: "
            + (result!.Funded == 1 ? "1 domanda finanziata" : $"{result.Funded} domande finanziate")
            + (result.Partial > 0 ? $" ({result.Partial} in parte)" : "")
            + $", {result.Reserve} in lista d'attesa, {Format.Money(result.Committed)} impegnati. Le famiglie ricevono la comunicazione.";
        return RedirectToPage(new { callId });
    }

    private async Task<bool> LoadAsync(Guid callId, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var call = await db.Calls.AsNoTracking().Where(c => c.Id == callId && c.AllianceId == allianceId)
            .Select(c => new { c.Id, c.ReferenceNumber, c.Title, c.Status, c.Budget, c.Committed }).FirstOrDefaultAsync(ct);
        if (call is null)
        {
            return false;
        }

        (CallId, Reference, Title, Status, Budget, Committed) = (call.Id, call.ReferenceNumber, call.Title, call.Status, call.Budget, call.Committed);
        var ranking = await db.Rankings.AsNoTracking().Where(r => r.CallId == callId && r.DiscardedAt == null)
            .Select(r => new { r.Id, r.PublishedAt, r.WhenShort }).FirstOrDefaultAsync(ct);
        RankingPublished = ranking is null ? null : ranking.PublishedAt is not null;
        if (ranking is not null)
        {
            WhenShort = ranking.WhenShort;
            var waiting = await (from e in db.RankingEntries.AsNoTracking()
                                 join a in db.Applications.AsNoTracking() on e.ApplicationId equals a.Id
                                 where e.RankingId == ranking.Id && e.Position != null
                                     && (a.Status == ApplicationStatus.Admitted || a.Status == ApplicationStatus.WaitingList)
                                 orderby e.Position
                                 select new { a.Id, a.Status, Position = e.Position!.Value, e.ProtocolNumber, e.Amount }).ToListAsync(ct);
            var admitted = waiting.Where(w => w.Status == ApplicationStatus.Admitted).ToList();
            if (ranking.PublishedAt is not null && admitted.Count > 0)
            {
                // The same walk the run makes (GrantsWork.RunFundingAsync), over what is free now.
                var walk = FundingPlan.Walk(admitted.Select(a => (a.Id, a.Amount)), Free, ranking.WhenShort);
                Plan = new RunPlan(walk.Count(s => s.IsFunded), walk.Count(s => s.IsPartial), walk.Count(s => !s.IsFunded), walk.Sum(s => s.Granted ?? 0m));
            }

            Reserve = waiting.Where(w => w.Status == ApplicationStatus.WaitingList).Select(w => new ReserveRow(w.Position, w.ProtocolNumber, w.Amount)).ToList();
        }

        Grants = await (from g in db.Grants.AsNoTracking()
                        join a in db.Applications.AsNoTracking() on g.ApplicationId equals a.Id
                        where g.CallId == callId && g.AllianceId == allianceId
                        orderby g.Position, g.GrantedAt
                        select new GrantRow(g.Position, a.ProtocolNumber ?? "", g.Amount, g.Requested, g.Source, g.Status, g.GrantedAt, g.ReleasedAt)).ToListAsync(ct);
        return true;
    }
}
