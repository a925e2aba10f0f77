using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>"Le mie domande": the family's drafts and submitted applications.</summary>
public sealed class IndexModel(AppDbContext db, ICallCatalog calls) : PageModel
{
    /// <param name="Person">The child (action B) or the assisted person (action A) the application is for; null while the draft does not say yet.</param>
    public sealed record Row(Guid Id, string CallTitle, string? Person, string? Service, string? ProtocolNumber, ApplicationStatus Status, DateTimeOffset UpdatedAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var mine = await db.OwnedBy(User.UserId())
            .AsNoTracking()
            .OrderByDescending(a => a.UpdatedAt)
            .ToListAsync(ct);
        var found = new Dictionary<Guid, CallForApplicants?>();
        foreach (var callId in mine.Select(a => a.CallId).Distinct())
        {
            found[callId] = await calls.FindAsync(callId, ct);
        }

        Rows = mine.Select(a =>
        {
            var call = found[a.CallId];
            return new Row(
                a.Id,
                call?.Title ?? "-",
                PersonOf(a),
                call?.ServiceTypes.FirstOrDefault(t => t.Key == a.Service.ServiceType)?.Label,
                a.ProtocolNumber,
                a.Status,
                a.UpdatedAt);
        }).ToList();
    }

    private static string? PersonOf(Application a) =>
        a.Household.Children.FirstOrDefault() is { } child
            ? (child.GivenName + " " + child.FamilyName).Trim()
            : string.IsNullOrWhiteSpace(a.Household.AssistedPersonName) ? null : a.Household.AssistedPersonName;
}
