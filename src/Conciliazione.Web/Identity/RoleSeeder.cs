using Conciliazione.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace Conciliazione.Web.Identity;

/// <summary>Makes sure the portal's roles exist (idempotent; runs at start-up).</summary>
public sealed class RoleSeeder(RoleManager<IdentityRole<Guid>> roles)
{
    public async Task SeedAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role));
            }
        }
    }
}
