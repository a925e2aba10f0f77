using Microsoft.AspNetCore.Identity;

namespace Conciliazione.Web.Identity;

/// <summary>Identity's messages in Italian, as a person reads them on the form.</summary>
public sealed class ItalianIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => E(nameof(DefaultError), "Si è verificato un errore. Riprovare.");
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "Il record è stato modificato da un altro utente. Ricaricare la pagina.");
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "La password attuale non è corretta.");
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "Il collegamento non è valido o è scaduto. Richiederne uno nuovo.");
    public override IdentityError LoginAlreadyAssociated() => E(nameof(LoginAlreadyAssociated), "Questa identità è già associata a un altro utente.");
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidUserName), "Il nome utente contiene caratteri non ammessi.");
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), "L'indirizzo e-mail non è valido.");
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateUserName), "Esiste già un utente con questo nome utente.");
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), "Esiste già un utente con questo indirizzo e-mail.");
    public override IdentityError InvalidRoleName(string? role) => E(nameof(InvalidRoleName), "Ruolo non valido.");
    public override IdentityError DuplicateRoleName(string role) => E(nameof(DuplicateRoleName), "Ruolo già esistente.");
    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword), "L'utente ha già una password.");
    public override IdentityError UserLockoutNotEnabled() => E(nameof(UserLockoutNotEnabled), "Il blocco non è abilitato per questo utente.");
    public override IdentityError UserAlreadyInRole(string role) => E(nameof(UserAlreadyInRole), "L'utente ha già questo ruolo.");
    public override IdentityError UserNotInRole(string role) => E(nameof(UserNotInRole), "L'utente non ha questo ruolo.");
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), $"La password deve contenere almeno {length} caratteri.");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), $"La password deve contenere almeno {uniqueChars} caratteri diversi.");
    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric), "La password deve contenere almeno un simbolo.");
    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "La password deve contenere almeno una cifra.");
    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "La password deve contenere almeno una lettera minuscola.");
    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "La password deve contenere almeno una lettera maiuscola.");
    public override IdentityError RecoveryCodeRedemptionFailed() => E(nameof(RecoveryCodeRedemptionFailed), "Codice di recupero non valido.");

    private static IdentityError E(string code, string description) => new() { Code = code, Description = description };
}
