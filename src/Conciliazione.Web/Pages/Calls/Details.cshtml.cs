using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Conciliazione.Web.Pages.Calls;

/// <summary>
/// A call in plain Italian: what it funds, who can apply, how much, which documents, the deadline
/// and the time left (computed here, on the server clock, in Europe/Rome). Drafts are not found.
/// One query reads what the page shows (the call's fields, its amendments, its providers, whether a
/// ranking is published); the current rules, parsed from their JSON, are kept in memory per version
/// and revision (ADR 0126). Anonymous visitors get it from the output cache.
/// </summary>
[OutputCache(PolicyName = PublicContent.Policy)]
public sealed class DetailsModel(AppDbContext db, CurrentAlliance alliance, TimeProvider clock, IMemoryCache cache, PublicContent content) : PageModel
{
    public sealed record ProviderRow(Guid Id, string LegalName, string Address, string Municipality, IReadOnlyList<ServiceType> ServiceTypes, string? Phone, string? Email);

    public sealed record AmendmentRow(int Number, DateTimeOffset At, string Reason);

    /// <summary>The call's fields the page shows.</summary>
    public sealed record Shown(
        Guid Id, string Title, string ActionCode, string ReferenceNumber, string? Description, CallStatus Status,
        DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, DateOnly? ServiceStart, DateOnly? ServiceEnd, decimal Budget,
        bool AllowsOtherProvider, bool HasDocument, int? DocumentSize, CallRules Rules);

    public Shown Call { get; private set; } = default!;
    public WindowState State { get; private set; }
    public string Window { get; private set; } = "";
    public IReadOnlyList<ProviderRow> Providers { get; private set; } = [];
    public IReadOnlyList<AmendmentRow> Amendments { get; private set; } = [];

    /// <summary>Whether the call's ranking is published (the page links to it).</summary>
    public bool HasPublishedRanking { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var allianceId = (await alliance.GetAsync(ct))?.Id;
        var row = await db.Calls.AsNoTracking()
            .Where(c => c.Id == id && c.AllianceId == allianceId && c.Status != CallStatus.Draft)
            .Select(c => new
            {
                c.Id,
                c.Title,
                c.ActionCode,
                c.ReferenceNumber,
                c.Description,
                c.Status,
                c.OpensAt,
                c.ClosesAt,
                c.ServiceStart,
                c.ServiceEnd,
                c.Budget,
                c.AllowsOtherProvider,
                c.DocumentFileName,
                c.DocumentSize,
                c.RulesRevision,
                VersionId = c.Versions.Where(v => v.Number == c.CurrentVersionNumber).Select(v => v.Id).FirstOrDefault(),
                Amendments = c.Versions.Where(v => v.Number > 1).OrderBy(v => v.Number)
                    .Select(v => new AmendmentRow(v.Number, v.CreatedAt, v.AmendmentReason ?? "")).ToList(),
                Providers = db.Providers.Where(p => c.Providers.Any(cp => cp.ProviderId == p.Id)).OrderBy(p => p.LegalName)
                    .Select(p => new ProviderRow(p.Id, p.LegalName, p.Address, p.Municipality, p.ServiceTypes, p.Phone, p.Email)).ToList(),
                HasPublishedRanking = db.Rankings.Any(r => r.CallId == c.Id && r.AllianceId == allianceId && r.DiscardedAt == null && r.PublishedAt != null),
            })
            .AsSingleQuery()
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return NotFound();
        }

        var rules = await RulesAsync(row.VersionId, row.RulesRevision, ct);
        var now = clock.GetUtcNow();
        Call = new Shown(row.Id, row.Title, row.ActionCode, row.ReferenceNumber, row.Description, row.Status, row.OpensAt, row.ClosesAt,
            row.ServiceStart, row.ServiceEnd, row.Budget, row.AllowsOtherProvider, row.DocumentFileName is not null, row.DocumentSize, rules);
        State = Domain.Calls.Call.StateAt(row.Status, row.OpensAt, row.ClosesAt, now);
        Window = PublicCalls.WindowSentence(State, row.OpensAt, row.ClosesAt, now);
        PublicContent.ExpireNoLaterThan(HttpContext, State == WindowState.Upcoming ? row.OpensAt : row.ClosesAt, now);

        // A provider's line names only what this call funds; one that offers none of it is not listed.
        var funded = rules.ServiceTypes;
        Providers = row.Providers
            .Select(p => p with { ServiceTypes = ServiceTypes.OfferedUnder(p.ServiceTypes, funded) })
            .Where(p => p.ServiceTypes.Count > 0)
            .ToList();
        HasPublishedRanking = row.HasPublishedRanking;
        Amendments = row.Amendments;
        return Page();
    }

    /// <summary>
    /// The current rules, parsed once per version and revision (a draft's rules change in place and
    /// bump the revision; a published call's change is a new version), dropped on any public change.
    /// </summary>
    private async Task<CallRules> RulesAsync(Guid versionId, int revision, CancellationToken ct)
    {
        var key = (nameof(CallRules), versionId, revision);
        if (cache.TryGetValue<CallRules>(key, out var cached) && cached is not null)
        {
            return cached;
        }

        var rules = await db.CallVersions.AsNoTracking().Where(v => v.Id == versionId).Select(v => v.Rules).FirstAsync(ct);
        using (var entry = cache.CreateEntry(key))
        {
            entry.Value = rules;
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10);
            entry.AddExpirationToken(content.ChangeToken);
        }

        return rules;
    }
}
