using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Infrastructure;

public sealed record TestAccount(Guid Id, string Email, string Password, string? TotpKey);

/// <summary>Builds local accounts with intent: <c>await TestAccounts.CreateAsync(factory, Roles.Staff, withTotp: true)</c>.</summary>
public static class TestAccounts
{
    public const string Password = "una frase lunga per i test";

    public static async Task<TestAccount> CreateAsync(
        PortalFactory factory, string role, bool withTotp = true, Guid? allianceId = null, string? municipality = null, string? email = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<Conciliazione.Domain.Data.AppDbContext>();
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var alliance = allianceId ?? CastellanzaPlan.AllianceId;
        Guid? municipalityId = municipality is null
            ? null
            : await db.Municipalities.Where(m => m.AllianceId == alliance && m.Name == municipality).Select(m => (Guid?)m.Id).FirstAsync();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Utente di prova " + role,
            AllianceId = alliance,
            MunicipalityId = municipalityId,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, role));
        string? key = null;
        if (withTotp)
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            key = await users.GetAuthenticatorKeyAsync(user);
            Check(await users.SetTwoFactorEnabledAsync(user, true));
        }

        return new TestAccount(user.Id, email, Password, key);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
