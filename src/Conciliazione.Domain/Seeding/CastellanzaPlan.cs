using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Seeding;

/// <summary>
/// The Castellanza alliance exactly as its 2017-2018 plan states it
/// (../shared/domain/project-plan-it.txt). Idempotent: running it twice changes nothing.
/// </summary>
public static class CastellanzaPlan
{
    public const string Slug = "castellanza";

    /// <summary>Fixed ids so demo links and tests can name the alliance.</summary>
    public static readonly Guid AllianceId = Guid.Parse("6f1c2b7e-0000-4000-8000-000000000001");

    public static readonly (string District, string Name, string Istat)[] Municipalities =
    [
        ("Ambito di Castellanza", "Fagnano Olona", "012067"),
        ("Ambito di Castellanza", "Castellanza", "012042"),
        ("Ambito di Castellanza", "Gorla Minore", "012079"),
        ("Ambito di Castellanza", "Gorla Maggiore", "012078"),
        ("Ambito di Castellanza", "Marnate", "012098"),
        ("Ambito di Castellanza", "Solbiate Olona", "012122"),
        ("Ambito di Castellanza", "Olgiate Olona", "012108"),
        ("Ambito di Somma Lombardo", "Arsago Seprio", "012005"),
        ("Ambito di Somma Lombardo", "Besnate", "012012"),
        ("Ambito di Somma Lombardo", "Cardano al Campo", "012032"),
        ("Ambito di Somma Lombardo", "Casorate Sempione", "012039"),
        ("Ambito di Somma Lombardo", "Ferno", "012068"),
        ("Ambito di Somma Lombardo", "Golasecca", "012077"),
        ("Ambito di Somma Lombardo", "Lonate Pozzolo", "012090"),
        ("Ambito di Somma Lombardo", "Somma Lombardo", "012123"),
        ("Ambito di Somma Lombardo", "Vizzola Ticino", "012140"),
    ];

    public static async Task SeedAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (await db.Alliances.AnyAsync(a => a.Id == AllianceId, ct))
        {
            return;
        }

        var alliance = new Alliance
        {
            Id = AllianceId,
            Slug = Slug,
            Name = "Alleanza locale di Castellanza",
            LeadPartnerName = "Azienda Speciale Consortile Medio Olona",
            Description = "Alleanza locale per la conciliazione famiglia-lavoro degli Ambiti di Castellanza e di Somma Lombardo (circa 140.000 abitanti).",
        };
        foreach (var group in Municipalities.GroupBy(m => m.District))
        {
            var district = new District { Id = Guid.NewGuid(), AllianceId = AllianceId, Name = group.Key };
            foreach (var m in group)
            {
                district.Municipalities.Add(new Municipality { Id = Guid.NewGuid(), AllianceId = AllianceId, Name = m.Name, IstatCode = m.Istat });
            }

            alliance.Districts.Add(district);
        }

        db.Alliances.Add(alliance);
        await db.SaveChangesAsync(ct);
    }
}
