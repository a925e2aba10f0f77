using System.Reflection;
using Conciliazione.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace Conciliazione.Web.Identity;

/// <summary>
/// Rejects passwords found in public breach corpora (ASVS 6.2.12, SECURITY-CHECKS #3).
/// </summary>
/// <remarks>
/// The portal may run without internet access, so the list ships with it
/// (Identity/breached-passwords.txt, the most common leaked passwords). Comparison ignores case.
/// </remarks>
public sealed class BreachedPasswordValidator : IPasswordValidator<ApplicationUser>
{
    private static readonly Lazy<HashSet<string>> Breached = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        if (password is not null && IsBreached(password))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "BreachedPassword",
                Description = "Questa password compare in elenchi di password rubate: sceglierne un'altra.",
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsBreached(string password) => Breached.Value.Contains(password.Trim());

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly()
            .GetManifestResourceStream("Conciliazione.Web.Identity.breached-passwords.txt")
            ?? throw new InvalidOperationException("breached-passwords.txt is not embedded");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim());
            }
        }

        return set;
    }
}
