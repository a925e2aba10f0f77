using System.Globalization;
using System.Text;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// Reads a published call and its current rules for the application pages, turning the Calls
/// feature's model into <see cref="CallForApplicants"/>.
/// </summary>
/// <remarks>
/// Required documents and self-declarations get keys from their position in the call version
/// ("doc-1", "dich-1"): versions are immutable once frozen, so a submitted application's keys keep
/// pointing at the texts it was made under. An age limit of N years means "not yet N+1" at the
/// reference date (the call's own, or the start of the service period).
/// </remarks>
public sealed class CallCatalog(AppDbContext db) : ICallCatalog
{
    public async Task<CallForApplicants?> FindAsync(Guid callId, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking()
            .Include(c => c.Versions)
            .Include(c => c.Providers)
            .FirstOrDefaultAsync(c => c.Id == callId && c.Status != CallStatus.Draft, ct);
        if (call is null || call.OpensAt is null || call.ClosesAt is null || call.ServiceStart is null || call.ServiceEnd is null)
        {
            return null;
        }

        var rules = call.Rules;
        var providerIds = call.Providers.Select(p => p.ProviderId).ToList();
        var providers = await db.Providers.AsNoTracking()
            .Where(p => providerIds.Contains(p.Id))
            .OrderBy(p => p.LegalName)
            .Select(p => new { p.Id, p.LegalName, p.Municipality, p.ServiceTypes })
            .ToListAsync(ct);
        return new CallForApplicants(
            call.Id,
            call.AllianceId,
            call.ReferenceNumber,
            call.Title,
            call.ActionCode,
            call.OpensAt.Value,
            call.ClosesAt.Value,
            call.ServiceStart.Value,
            call.ServiceEnd.Value,
            rules.ServiceTypes.Select(t => new Choice(t.ToString(), ServiceTypes.Italian(t))).ToList(),
            // Each provider with the services it can deliver under this call (ServiceTypes.OfferedUnder).
            providers
                .Select(p => new ProviderChoice(p.Id, p.LegalName, p.Municipality, ServiceTypes.OfferedUnder(p.ServiceTypes, rules.ServiceTypes).Select(s => s.ToString()).ToList()))
                .Where(p => p.ServiceTypes.Count > 0)
                .ToList(),
            call.AllowsOtherProvider,
            SubmissionRules.Criteria(rules, call.ActionCode, call.ServiceStart.Value),
            SubmissionRules.Documents(rules).Select(d => new DocumentRequirement(d.Key, d.Document.Name, d.Document.Mandatory)).ToList(),
            rules.SelfDeclarations.Select((t, i) => new DeclarationText(string.Create(CultureInfo.InvariantCulture, $"dich-{i + 1}"), t)).ToList(),
            AsksFragilityData: call.ActionCode == "A",
            AcceptsApplications: call.Status == CallStatus.Published);
    }

    public async Task<IReadOnlyList<Choice>> MunicipalitiesAsync(Guid allianceId, CancellationToken ct) =>
        await db.Municipalities.AsNoTracking()
            .Where(m => m.AllianceId == allianceId)
            .OrderBy(m => m.Name)
            .Select(m => new Choice(m.Id.ToString(), m.Name))
            .ToListAsync(ct);
}
