using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Conciliazione.Web.Identity;

/// <summary>
/// Tokens for the link that verifies a family's contact e-mail: the user id, the address and an
/// expiry, encrypted and signed with Data Protection (keys in PostgreSQL, shared by instances).
/// </summary>
/// <remarks>
/// Not Identity's user tokens: those embed the security stamp, which changes at every logout, so a
/// link would die as soon as the family signs out. The token binds the address, so a link sent for
/// an address the family has since replaced verifies nothing.
/// </remarks>
public sealed class ContactEmailLinks(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    private readonly IDataProtector protector = protection.CreateProtector("Conciliazione.Family.ContactEmail.v1");

    public string CreateToken(Guid userId, string email)
    {
        var expires = clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        return protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{userId:D}\n{email}\n{expires}"));
    }

    /// <summary>The user and address the token was issued for, or null if it is forged, damaged or expired.</summary>
    public (Guid UserId, string Email)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string payload;
        try
        {
            payload = protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split('\n');
        if (parts.Length != 3
            || !Guid.TryParse(parts[0], CultureInfo.InvariantCulture, out var userId)
            || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires)
            || clock.GetUtcNow() > DateTimeOffset.FromUnixTimeSeconds(expires))
        {
            return null;
        }

        return (userId, parts[1]);
    }
}
