using Microsoft.AspNetCore.Mvc.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages;

/// <summary>Italian pages for 404, 403, 429 and the other status codes with no body.</summary>
public sealed class StatusCodeModel(IHtmlLocalizer<SharedResource> l) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Title, Message) = code switch
        {
            404 => (l["Pagina non trovata"].Value, l["La pagina richiesta non esiste o non è disponibile per il tuo profilo."].Value),
            403 => (l["Accesso non consentito"].Value, l["Il tuo profilo non consente di aprire questa pagina."].Value),
            429 => (l["Troppe richieste"].Value, l["Hai fatto troppi tentativi in poco tempo. Attendi qualche minuto e riprova."].Value),
            503 => (l["Servizio momentaneamente non disponibile"].Value, l["Servizio momentaneamente non disponibile, riprova tra qualche minuto."].Value),
            400 => (l["Richiesta non valida"].Value, l["La richiesta non è valida o il modulo è scaduto. Torna indietro, ricarica la pagina e riprova."].Value),
            _ => (l["Si è verificato un errore"].Value, l["Il servizio non ha potuto completare la richiesta."].Value),
        };
    }
}
