using Conciliazione.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Account;

/// <summary>
/// The Italian explanation of a failed SPID/CIE sign-in. The reason is a fixed code: nothing from
/// the query string is echoed.
/// </summary>
public sealed class ExternalLoginErrorModel : PageModel
{
    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        [FamilySignInFailure.Unavailable] = "Il servizio di identità non risponde, riprova più tardi.",
        [FamilySignInFailure.InvalidResponse] = "La risposta del servizio di identità non è valida, è scaduta o è già stata usata: per sicurezza l'accesso è stato annullato. Riprova dall'inizio.",
        [FamilySignInFailure.Cancelled] = "Hai annullato l'accesso presso il servizio di identità.",
        [FamilySignInFailure.MissingFiscalCode] = "Il servizio di identità non ha comunicato il tuo codice fiscale, che serve per accedere al portale. Riprova, oppure accedi con un'altra identità digitale.",
        [FamilySignInFailure.InvalidFiscalCode] = "Il codice fiscale comunicato dal servizio di identità non è valido. Riprova, oppure accedi con un'altra identità digitale.",
        [FamilySignInFailure.NotAFamilyAccount] = "Questa identità è collegata a un account che non è di una famiglia: accedi dalla pagina di accesso operatori.",
        [FamilySignInFailure.Disabled] = "Il tuo account è stato disattivato. Contatta l'ufficio del capofila.",
        [FamilySignInFailure.InsufficientLevel] = "L'identità digitale è stata usata con un livello di sicurezza troppo basso per questo portale. Accedi di nuovo con SPID di livello 2 (password e codice temporaneo o app) oppure con la CIE.",
    };

    [BindProperty(SupportsGet = true)]
    public string? Reason { get; set; }

    public string Message => Messages.GetValueOrDefault(Reason ?? "", Messages[FamilySignInFailure.InvalidResponse]);

    public bool NoAccountCreated => Reason is FamilySignInFailure.MissingFiscalCode or FamilySignInFailure.InvalidFiscalCode or FamilySignInFailure.InsufficientLevel;

    public void OnGet()
    {
    }
}
