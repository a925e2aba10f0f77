using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Conciliazione.Web.Seeding;

/// <summary>
/// Fictional demo data for trying the portal: the Castellanza plan (with its four planned partner
/// meetings, <see cref="DemoMeetings"/>) plus one local account per role (example.org addresses,
/// never the plan's real referents), and a funded demo call (<see cref="DemoActivity"/>). Idempotent.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, UserManager<ApplicationUser> users, IOptions<PortalOptions> options, TimeProvider clock, Grants.GrantsWork grants)
{
    public static readonly IReadOnlyList<(string Email, string Name, string Role, string? Municipality)> Accounts =
    [
        ("admin@example.org", "Amministratore Demo", Roles.Admin, null),
        ("operatore@example.org", "Operatrice Demo", Roles.Staff, null),
        ("referente.castellanza@example.org", "Referente Demo Castellanza", Roles.MunicipalReferent, "Castellanza"),
        ("revisore.ats@example.org", "Revisore Demo ATS", Roles.Auditor, null),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await CastellanzaPlan.SeedAsync(db, ct);
        await DemoCalls.SeedAsync(db, clock.GetUtcNow(), ct);
        await DemoMeetings.SeedAsync(db, clock.GetUtcNow(), ct);
        foreach (var (email, name, role, municipality) in Accounts)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }

            Guid? municipalityId = municipality is null
                ? null
                : await db.Municipalities.Where(m => m.AllianceId == CastellanzaPlan.AllianceId && m.Name == municipality).Select(m => (Guid?)m.Id).FirstAsync(ct);
            var user = new ApplicationUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = name,
                AllianceId = CastellanzaPlan.AllianceId,
                MunicipalityId = municipalityId,
                CreatedAt = clock.GetUtcNow(),
            };
            var result = await users.CreateAsync(user, options.Value.DemoPassword);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Demo account not created: " + string.Join("; ", result.Errors.Select(e => e.Code)));
            }

            await users.AddToRoleAsync(user, role);
        }

        var staff = await users.FindByEmailAsync("operatore@example.org");
        await DemoActivity.SeedAsync(db, users, grants, staff!.Id, clock.GetUtcNow(), ct);
    }
}
