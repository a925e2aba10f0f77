namespace Conciliazione.Domain.Identity;

/// <summary>
/// What the portal knows about a family's person beyond the account: the identity data that
/// SPID/CIE asserted (read-only for the person, refreshed at every sign-in) and the contacts the
/// person chose to give (contact e-mail, verified by a link, and phone).
/// </summary>
/// <remarks>
/// The account's key is the codice fiscale on <see cref="ApplicationUser.FiscalCode"/>; neither
/// e-mail is ever used to find or merge accounts, because family members often share one.
/// </remarks>
public class FamilyProfile
{
    public Guid UserId { get; private set; }
    public string GivenName { get; private set; } = "";
    public string FamilyName { get; private set; } = "";
    public DateOnly? BirthDate { get; private set; }

    /// <summary>The e-mail the identity provider asserted, if any (shown, never used as a key).</summary>
    public string? IdentityEmail { get; private set; }

    public DateTimeOffset IdentityUpdatedAt { get; private set; }

    /// <summary>Where the portal writes to the family; verified when <see cref="ContactEmailVerifiedAt"/> is set.</summary>
    public string? ContactEmail { get; private set; }

    public DateTimeOffset? ContactEmailVerifiedAt { get; private set; }

    public string? Phone { get; private set; }

    /// <summary>The language of the portal's e-mails to this family: "it" (default) or "en".</summary>
    public string EmailLanguage { get; private set; } = "it";

    public bool IsContactEmailVerified => ContactEmail is not null && ContactEmailVerifiedAt is not null;

    public string DisplayName => (GivenName + " " + FamilyName).Trim();

    private FamilyProfile()
    {
    }

    public static FamilyProfile Create(Guid userId, AssertedIdentity identity, DateTimeOffset now)
    {
        var profile = new FamilyProfile { UserId = userId };
        profile.RefreshIdentity(identity, now);
        return profile;
    }

    /// <summary>Takes the identity data from the latest sign-in: the provider is the source of truth.</summary>
    public void RefreshIdentity(AssertedIdentity identity, DateTimeOffset now)
    {
        GivenName = identity.GivenName.Trim();
        FamilyName = identity.FamilyName.Trim();
        BirthDate = identity.BirthDate;
        IdentityEmail = string.IsNullOrWhiteSpace(identity.Email) ? null : identity.Email.Trim();
        IdentityUpdatedAt = now.ToUniversalTime();
    }

    /// <summary>
    /// Records the contacts the person typed. A new contact e-mail starts unverified.
    /// </summary>
    /// <returns>True when the contact e-mail changed and a verification link must be sent.</returns>
    public bool ChangeContacts(string? contactEmail, string? phone)
    {
        var email = string.IsNullOrWhiteSpace(contactEmail) ? null : contactEmail.Trim();
        Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (string.Equals(email, ContactEmail, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        ContactEmail = email;
        ContactEmailVerifiedAt = null;
        return email is not null;
    }

    public void ChangeEmailLanguage(string language) => EmailLanguage = language == "en" ? "en" : "it";

    /// <summary>
    /// The address the portal may write to: the contact e-mail once verified, otherwise the e-mail
    /// the identity provider asserted (SPID/CIE providers verify it at enrolment); null means the
    /// family is told in the portal only. The address typed in an application form is never used.
    /// </summary>
    public string? VerifiedEmail => IsContactEmailVerified ? ContactEmail : IdentityEmail;

    /// <summary>
    /// Marks the contact e-mail as verified, if the link was sent for the address still on file.
    /// </summary>
    /// <returns>False when the address changed since the link was sent.</returns>
    public bool VerifyContactEmail(string email, DateTimeOffset now)
    {
        if (ContactEmail is null || !string.Equals(email, ContactEmail, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        ContactEmailVerifiedAt ??= now.ToUniversalTime();
        return true;
    }
}

/// <summary>The person as an identity provider asserted them at sign-in.</summary>
public sealed record AssertedIdentity(string GivenName, string FamilyName, DateOnly? BirthDate, string? Email);
