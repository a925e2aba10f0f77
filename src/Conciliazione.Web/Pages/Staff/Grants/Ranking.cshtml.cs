using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Grants;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Grants;

/// <summary>
/// The ranking (graduatoria) of a call, for staff: the preview with each application's position,
/// protocol, amount, projected outcome and "why here"; what blocks the freeze; then freeze (a
/// snapshot later edits cannot change), discard with a reason, publish. Every step goes through
/// <see cref="GrantsWork"/>; the page only shows and asks.
/// </summary>
/// <remarks>
/// The freeze carries the fingerprint of the preview the user saw and publish/discard the id of the
/// ranking the user saw: a change made meanwhile by someone else (a decision, the budget, another
/// freeze) makes the step refuse with a clear message instead of acting on something not shown.
/// </remarks>
public sealed class RankingModel(AppDbContext db, GrantsWork work, IValidator<RankingModel.DiscardInput> validator) : PageModel
{
    /// <summary>Rows shown per page: a region-size call ranks 100,000 applications.</summary>
    public const int PageSize = 200;

    public const int MaxReasonLength = 1000;

    public sealed class DiscardInput
    {
        public string? Reason { get; set; }
    }

    public sealed class DiscardValidator : AbstractValidator<DiscardInput>
    {
        public DiscardValidator()
        {
            RuleFor(x => x.Reason).NotEmpty().WithMessage("Indicare perché si annulla la graduatoria congelata.")
                .MaximumLength(MaxReasonLength).WithMessage($"Al massimo {MaxReasonLength} caratteri.");
        }
    }

    /// <summary>One line of the table, from the preview or from the frozen snapshot.</summary>
    public sealed record Row(int? Position, string ProtocolNumber, decimal Amount, decimal? Grant, RankingOutcome Outcome, IReadOnlyList<string> Breakdown)
    {
        public bool IsPartial => Grant is { } g && g < Amount;
    }

    public sealed record DiscardedRow(DateTimeOffset FrozenAt, DateTimeOffset DiscardedAt, string? Reason, string? By);

    [BindProperty]
    public DiscardInput Discard { get; set; } = new();

    /// <summary>The preview's fingerprint the freeze button carries.</summary>
    [BindProperty]
    public string? Fingerprint { get; set; }

    /// <summary>The frozen ranking the publish and discard buttons carry.</summary>
    [BindProperty]
    public Guid? RankingId { get; set; }

    public Call Call { get; private set; } = default!;
    public Ranking? InForce { get; private set; }
    public RankingPreview? Preview { get; private set; }
    public FundingMode Mode { get; private set; }
    public ShortfallPolicy WhenShort { get; private set; }
    public decimal Available { get; private set; }
    public int Total { get; private set; }
    public int Admitted { get; private set; }
    public int Funded { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<DiscardedRow> Discarded { get; private set; } = [];
    public string? FrozenBy { get; private set; }
    public string? PublishedBy { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid callId, int p, CancellationToken ct) =>
        await LoadAsync(callId, p, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostFreezeAsync(Guid callId, CancellationToken ct) =>
        StepAsync(callId, () => work.FreezeAsync(callId, User.AllianceId()!.Value, User.UserId()!.Value, Fingerprint ?? "", ct),
            "Graduatoria congelata: da ora le modifiche alle domande non la cambiano. Controllarla e pubblicarla.", ct);

    public Task<IActionResult> OnPostPublishAsync(Guid callId, CancellationToken ct) =>
        StepAsync(callId, () => work.PublishAsync(callId, User.AllianceId()!.Value, User.UserId()!.Value, RankingId ?? Guid.Empty, ct),
            "Graduatoria pubblicata: è sulla pagina pubblica del bando, con il PDF. Ora si possono concedere i contributi.", ct);

    public async Task<IActionResult> OnPostDiscardAsync(Guid callId, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(Discard, ct);
        if (!validation.IsValid)
        {
            if (!await LoadAsync(callId, 1, ct))
            {
                return NotFound();
            }

            validation.AddToModelState(ModelState, nameof(Discard));
            return Page();
        }

        return await StepAsync(callId, () => work.DiscardAsync(callId, User.AllianceId()!.Value, Discard.Reason, User.UserId()!.Value, RankingId ?? Guid.Empty, ct),
            "Graduatoria congelata annullata: il motivo resta nello storico. Si può correggere e congelare di nuovo.", ct);
    }

    private async Task<IActionResult> StepAsync(Guid callId, Func<Task<string?>> step, string done, CancellationToken ct)
    {
        if (!await db.Calls.AnyAsync(c => c.Id == callId && c.AllianceId == User.AllianceId(), ct))
        {
            return NotFound();
        }

        var refused = await step();
        if (refused is not null)
        {
            ModelState.AddModelError("", refused);
            await LoadAsync(callId, 1, ct);
            return Page();
        }

        TempData["Message"] = done;
        return RedirectToPage(new { callId });
    }

    private async Task<bool> LoadAsync(Guid callId, int page, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var call = await db.Calls.AsNoTracking().Include(c => c.Versions).FirstOrDefaultAsync(c => c.Id == callId && c.AllianceId == allianceId, ct);
        if (call is null)
        {
            return false;
        }

        Call = call;
        db.ChangeTracker.Clear();
        InForce = await db.Rankings.AsNoTracking().FirstOrDefaultAsync(r => r.CallId == callId && r.AllianceId == allianceId && r.DiscardedAt == null, ct);
        var discarded = await db.Rankings.AsNoTracking().Where(r => r.CallId == callId && r.AllianceId == allianceId && r.DiscardedAt != null)
            .OrderByDescending(r => r.DiscardedAt).Select(r => new { r.FrozenAt, DiscardedAt = r.DiscardedAt!.Value, r.DiscardReason, r.DiscardedBy }).ToListAsync(ct);
        var userIds = discarded.Select(d => d.DiscardedBy).OfType<Guid>().ToList();
        if (InForce is not null)
        {
            userIds.Add(InForce.FrozenBy);
            userIds.AddRange(InForce.PublishedBy is { } pb ? [pb] : []);
        }

        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string? Name(Guid? id) => id is { } i && names.TryGetValue(i, out var n) ? n : null;
        Discarded = discarded.Select(d => new DiscardedRow(d.FrozenAt, d.DiscardedAt, d.DiscardReason, Name(d.DiscardedBy))).ToList();
        PageNumber = Math.Max(1, page);
        var skip = (PageNumber - 1) * PageSize;

        if (InForce is { } ranking)
        {
            (Mode, WhenShort, Available) = (ranking.Mode, ranking.WhenShort, ranking.AvailableAtFreeze);
            (FrozenBy, PublishedBy, RankingId) = (Name(ranking.FrozenBy), Name(ranking.PublishedBy), ranking.Id);
            var entries = db.RankingEntries.AsNoTracking().Where(e => e.RankingId == ranking.Id);
            Total = await entries.CountAsync(ct);
            Admitted = await entries.CountAsync(e => e.Position != null, ct);
            Funded = await entries.CountAsync(e => e.Outcome == RankingOutcome.Funded, ct);
            // Positions first (1, 2, ...), then the applications not admitted by protocol.
            Rows = await entries.OrderBy(e => e.Position == null).ThenBy(e => e.Position).ThenBy(e => e.ProtocolNumber)
                .Skip(skip).Take(PageSize)
                .Select(e => new Row(e.Position, e.ProtocolNumber, e.Amount, e.ProjectedGrant, e.Outcome, e.Breakdown))
                .ToListAsync(ct);
            return true;
        }

        var preview = await work.PreviewAsync(call, ct);
        Preview = preview;
        Fingerprint = preview.Fingerprint;
        (Mode, WhenShort, Available) = (preview.Rule.Mode, preview.Rule.WhenShort, preview.Available);
        var rows = preview.Ranked.Zip(preview.Walk)
            .Select(x => new Row(x.First.Position, x.First.Input.ProtocolNumber, x.First.Input.Amount, x.Second.Granted, x.Second.IsFunded ? RankingOutcome.Funded : RankingOutcome.Reserve, x.First.Breakdown))
            .Concat(preview.NotAdmitted.Select(n => new Row(null, n.ProtocolNumber, 0m, null, RankingOutcome.NotAdmitted, [])))
            .ToList();
        Total = rows.Count;
        Admitted = preview.Ranked.Count;
        Funded = preview.Walk.Count(s => s.IsFunded);
        Rows = rows.Skip(skip).Take(PageSize).ToList();
        return true;
    }

    public static string Outcome(RankingOutcome outcome) => outcome switch
    {
        RankingOutcome.Funded => "Finanziata",
        RankingOutcome.Reserve => "In lista d'attesa",
        _ => "Non ammessa",
    };
}
