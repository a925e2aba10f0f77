using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages;

/// <summary>Italian pages for 404, 403, 429 and the other status codes with no body.</summary>
public sealed class StatusCodeModel(IHtmlLocalizer<SharedResource> l) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    /// <summary>The click day's waiting room turned the request away (ADR 0154), not a fault.</summary>
    public bool TurnedAway { get; private set; }

    /// <summary>The turned-away request was a form sent (POST): its input is still in the browser's previous page.</summary>
    public bool WasForm { get; private set; }

    /// <summary>Where "Riprova" leads: the page asked for, when it was a GET in the portal.</summary>
    public string? RetryUrl { get; private set; }

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        TurnedAway = code == 503 && HttpContext.Items.ContainsKey(WaitingRoom.TurnedAwayKey);
        if (TurnedAway)
        {
            // The room is full because the portal is busy: its page costs no query (the layout's header from memory).
            ViewData["DatabaseUnavailable"] = true;
            Title = l["Molte richieste in questo momento"].Value;
            Message = l["Molte famiglie stanno usando il servizio in questo momento. Riprova tra un minuto: le domande inviate e le bozze salvate restano come sono."].Value;
            WasForm = HttpMethods.IsPost(Request.Method);
            var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
            if (!WasForm && original is not null && WaitingRoom.Covers(original.OriginalPath))
            {
                RetryUrl = original.OriginalPathBase + original.OriginalPath + original.OriginalQueryString;
            }

            return;
        }

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
