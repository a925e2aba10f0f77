using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Conciliazione.Web.Infrastructure;

public sealed record AllianceHeader(Guid Id, string Name, string LeadPartnerName);

/// <summary>
/// The alliance whose public portal this is (Portal:AllianceSlug). One deployment can hold several
/// alliances; choosing one by host name is a later step. Kept in memory until the public content changes.
/// </summary>
public sealed class CurrentAlliance(AppDbContext db, IMemoryCache cache, IConfiguration config, PublicContent content)
{
    /// <summary>The header if it is in memory, without asking the database (the 503 page, ADR 0144).</summary>
    public AllianceHeader? Cached() =>
        cache.TryGetValue<AllianceHeader>("alliance:" + (config["Portal:AllianceSlug"] ?? "castellanza"), out var cached) ? cached : null;

    public async Task<AllianceHeader?> GetAsync(CancellationToken ct = default)
    {
        var slug = config["Portal:AllianceSlug"] ?? "castellanza";
        if (cache.TryGetValue<AllianceHeader>("alliance:" + slug, out var cached))
        {
            return cached;
        }

        var header = await db.Alliances.AsNoTracking()
            .Where(a => a.Slug == slug)
            .Select(a => new AllianceHeader(a.Id, a.Name, a.LeadPartnerName))
            .FirstOrDefaultAsync(ct);
        if (header is not null)
        {
            cache.Set("alliance:" + slug, header, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) }.AddExpirationToken(content.ChangeToken));
        }

        return header;
    }
}
