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
    /// <summary>The key of the last row shown: the "Successive" link carries it.</summary>
    public string? NextKey { get; private set; }

    /// <summary>The key of the first row shown, when rows come before it: the "Precedenti" link carries it.</summary>
    public string? PreviousKey { get; private set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<DiscardedRow> Discarded { get; private set; } = [];
    public string? FrozenBy { get; private set; }
    public string? PublishedBy { get; private set; }

    /// <summary>
    /// One page of the ranking: from the start, or the <see cref="PageSize"/> rows after the key
    /// <paramref name="after"/> ("Successive"), or before <paramref name="before"/> ("Precedenti").
    /// Keyset pagination (ADR 0131): page 200 costs what page 1 costs.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(Guid callId, string? after, string? before, CancellationToken ct) =>
        await LoadAsync(callId, RankingKey.Parse(after), RankingKey.Parse(before), ct) ? Page() : NotFound();

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
            if (!await LoadAsync(callId, null, null, ct))
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
            await LoadAsync(callId, null, null, ct);
            return Page();
        }

        TempData["Message"] = done;
        return RedirectToPage(new { callId });
    }

    private async Task<bool> LoadAsync(Guid callId, RankingKey? after, RankingKey? before, CancellationToken ct)
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

        if (InForce is { } ranking)
        {
            (Mode, WhenShort, Available) = (ranking.Mode, ranking.WhenShort, ranking.AvailableAtFreeze);
            (FrozenBy, PublishedBy, RankingId) = (Name(ranking.FrozenBy), Name(ranking.PublishedBy), ranking.Id);
            var entries = db.RankingEntries.AsNoTracking().Where(e => e.RankingId == ranking.Id);
            Total = await entries.CountAsync(ct);
            Admitted = await entries.CountAsync(e => e.Position != null, ct);
            Funded = await entries.CountAsync(e => e.Outcome == RankingOutcome.Funded, ct);
            await ShowPageAsync(new FrozenSource(entries), after, before, ct);
            return true;
        }

        var preview = await work.PreviewAsync(call, ct);
        Preview = preview;
        Fingerprint = preview.Fingerprint;
        (Mode, WhenShort, Available) = (preview.Rule.Mode, preview.Rule.WhenShort, preview.Available);
        var ranked = preview.Ranked.Zip(preview.Walk)
            .Select(x => new Row(x.First.Position, x.First.Input.ProtocolNumber, x.First.Input.Amount, x.Second.Granted, x.Second.IsFunded ? RankingOutcome.Funded : RankingOutcome.Reserve, x.First.Breakdown))
            .ToList();
        var notAdmitted = preview.NotAdmitted.Select(n => new Row(null, n.ProtocolNumber, 0m, null, RankingOutcome.NotAdmitted, [])).ToList();
        Total = ranked.Count + notAdmitted.Count;
        Admitted = preview.Ranked.Count;
        Funded = preview.Walk.Count(s => s.IsFunded);
        await ShowPageAsync(new PreviewSource(ranked, notAdmitted), after, before, ct);
        return true;
    }

    /// <summary>
    /// Where a row sits in the ranking's order: admitted applications by position (1, 2, ...;
    /// unique, ties already broken by the ranking's tie-breaks), then the applications not admitted
    /// by protocol number (unique in the alliance). Written in links as "12" or "n2026/000123".
    /// </summary>
    public sealed record RankingKey(int? Position, string? Protocol)
    {
        public static RankingKey Of(Row row) => new(row.Position, row.Position is null ? row.ProtocolNumber : null);

        /// <summary>The key in a link; null (the start) for anything malformed.</summary>
        public static RankingKey? Parse(string? text) =>
            string.IsNullOrEmpty(text) ? null
            : text[0] == 'n' && text.Length > 1 ? new RankingKey(null, text[1..])
            : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position) && position > 0 ? new RankingKey(position, null)
            : null;

        public override string ToString() =>
            Position is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "n" + Protocol;
    }

    /// <summary>
    /// The rows of the ranking in its order, read from a bound: the admitted ones by position, the
    /// others by protocol. Forward reads rows after the bound in ascending order (from the start
    /// when null), backward rows before it in descending order (from the end when null).
    /// </summary>
    private interface IRankingSource
    {
        Task<List<Row>> AdmittedAsync(int? bound, bool backward, int take, CancellationToken ct);

        Task<List<Row>> NotAdmittedAsync(string? bound, bool backward, int take, CancellationToken ct);
    }

    /// <summary>
    /// Shows the <see cref="PageSize"/> rows after <paramref name="after"/> (or before
    /// <paramref name="before"/>) with a row more read to know whether there are others: each
    /// page is an index range read, whatever its depth (ADR 0131).
    /// </summary>
    private async Task ShowPageAsync(IRankingSource source, RankingKey? after, RankingKey? before, CancellationToken ct)
    {
        if (before is not null)
        {
            var back = new List<Row>();
            if (before.Position is null)
            {
                back.AddRange(await source.NotAdmittedAsync(before.Protocol, true, PageSize + 1, ct));
            }

            if (back.Count <= PageSize)
            {
                back.AddRange(await source.AdmittedAsync(before.Position, true, PageSize + 1 - back.Count, ct));
            }

            if (back.Count > PageSize)
            {
                Rows = Enumerable.Reverse(back.Take(PageSize)).ToList();
                PreviousKey = RankingKey.Of(Rows[0]).ToString();
                NextKey = RankingKey.Of(Rows[^1]).ToString();
                return;
            }

            // Fewer than a page before the key: the start, shown full.
            after = null;
        }

        var rows = new List<Row>();
        if (after?.Position is not null || after is null)
        {
            rows.AddRange(await source.AdmittedAsync(after?.Position, false, PageSize + 1, ct));
        }

        if (rows.Count <= PageSize)
        {
            rows.AddRange(await source.NotAdmittedAsync(after?.Protocol, false, PageSize + 1 - rows.Count, ct));
        }

        Rows = rows.Take(PageSize).ToList();
        NextKey = rows.Count > PageSize ? RankingKey.Of(Rows[^1]).ToString() : null;
        PreviousKey = after is not null && Rows.Count > 0 ? RankingKey.Of(Rows[0]).ToString() : null;
    }

    /// <summary>The frozen snapshot: the admitted rows through the unique index (ranking_id, position).</summary>
    private sealed class FrozenSource(IQueryable<RankingEntry> entries) : IRankingSource
    {
        public Task<List<Row>> AdmittedAsync(int? bound, bool backward, int take, CancellationToken ct)
        {
            var admitted = entries.Where(e => e.Position != null);
            admitted = bound is not { } b ? admitted : backward ? admitted.Where(e => e.Position < b) : admitted.Where(e => e.Position > b);
            return (backward ? admitted.OrderByDescending(e => e.Position) : admitted.OrderBy(e => e.Position)).Take(take)
                .Select(e => new Row(e.Position, e.ProtocolNumber, e.Amount, e.ProjectedGrant, e.Outcome, e.Breakdown)).ToListAsync(ct);
        }

        public Task<List<Row>> NotAdmittedAsync(string? bound, bool backward, int take, CancellationToken ct)
        {
            var others = entries.Where(e => e.Position == null);
            others = bound is null ? others : backward
                ? others.Where(e => string.Compare(e.ProtocolNumber, bound) < 0)
                : others.Where(e => string.Compare(e.ProtocolNumber, bound) > 0);
            return (backward ? others.OrderByDescending(e => e.ProtocolNumber) : others.OrderBy(e => e.ProtocolNumber)).Take(take)
                .Select(e => new Row(e.Position, e.ProtocolNumber, e.Amount, e.ProjectedGrant, e.Outcome, e.Breakdown)).ToListAsync(ct);
        }
    }

    /// <summary>The preview, computed whole in memory: the same walk over its lists.</summary>
    private sealed class PreviewSource(List<Row> ranked, List<Row> notAdmitted) : IRankingSource
    {
        private readonly List<Row> ranked = [.. ranked.OrderBy(r => r.Position)];
        private readonly List<Row> notAdmitted = [.. notAdmitted.OrderBy(r => r.ProtocolNumber, StringComparer.Ordinal)];

        public Task<List<Row>> AdmittedAsync(int? bound, bool backward, int take, CancellationToken ct)
        {
            IEnumerable<Row> rows = backward ? Enumerable.Reverse(ranked) : ranked;
            rows = bound is not { } b ? rows : rows.Where(r => backward ? r.Position < b : r.Position > b);
            return Task.FromResult(rows.Take(take).ToList());
        }

        public Task<List<Row>> NotAdmittedAsync(string? bound, bool backward, int take, CancellationToken ct)
        {
            IEnumerable<Row> rows = backward ? Enumerable.Reverse(notAdmitted) : notAdmitted;
            rows = bound is null ? rows : rows.Where(r => backward ? string.CompareOrdinal(r.ProtocolNumber, bound) < 0 : string.CompareOrdinal(r.ProtocolNumber, bound) > 0);
            return Task.FromResult(rows.Take(take).ToList());
        }
    }

    public static string Outcome(RankingOutcome outcome) => outcome switch
    {
        RankingOutcome.Funded => "Finanziata",
        RankingOutcome.Reserve => "In lista d'attesa",
        _ => "Non ammessa",
    };
}
