using Microsoft.AspNetCore.Identity;

namespace Conciliazione.Domain.Identity;

/// <summary>
/// A person who signs in. Staff, admins, referents and auditors have local accounts with TOTP;
/// families sign in through SPID/CIE and are keyed by their codice fiscale (see ADR 0003).
/// </summary>
public class ApplicationUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>The alliance a staff user, referent or auditor works for. Null for families.</summary>
    public Guid? AllianceId { get; set; }

    /// <summary>Only for municipal referents: the one municipality whose aggregates they may see.</summary>
    public Guid? MunicipalityId { get; set; }

    /// <summary>Only for families: the codice fiscale from SPID/CIE, the account's natural key.</summary>
    public string? FiscalCode { get; set; }

    public bool IsDisabled { get; private set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Disables the account. The caller must also renew the security stamp so that live sessions
    /// die at the next validation (at most a minute later).
    /// </summary>
    public void Disable() => IsDisabled = true;

    public void Enable() => IsDisabled = false;
}
