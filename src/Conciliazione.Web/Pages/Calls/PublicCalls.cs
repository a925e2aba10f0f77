using System.Globalization;
using Conciliazione.Domain.Calls;
using Conciliazione.Web.Infrastructure;

namespace Conciliazione.Web.Pages.Calls;

/// <summary>How the public pages word a call's window: deadlines on the Rome clock, time left counted on the server.</summary>
public static class PublicCalls
{
    public static string ActionItalian(string actionCode) => actionCode == "A"
        ? "Assistenza e trasporto di persone fragili"
        : "Servizi per l'infanzia";

    /// <summary>"28/03/2027 alle ore 23:59" on the Rome wall clock.</summary>
    public static string At(DateTimeOffset instant)
    {
        var rome = RomeTime.ToRome(instant);
        return rome.ToString("dd/MM/yyyy", CultureInfo.GetCultureInfo("it-IT")) + " alle ore " + rome.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>"3 giorni e 4 ore", "21 ore e 59 minuti", "12 minuti", "meno di un minuto": elapsed time, so a DST night is 23 or 25 hours.</summary>
    public static string Left(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "meno di un minuto";
        }

        static string Unit(int n, string one, string many) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);
        var days = (int)span.TotalDays;
        if (days > 0)
        {
            return span.Hours > 0 ? Unit(days, "giorno", "giorni") + " e " + Unit(span.Hours, "ora", "ore") : Unit(days, "giorno", "giorni");
        }

        var hours = (int)span.TotalHours;
        return hours > 0
            ? (span.Minutes > 0 ? Unit(hours, "ora", "ore") + " e " + Unit(span.Minutes, "minuto", "minuti") : Unit(hours, "ora", "ore"))
            : Unit(span.Minutes, "minuto", "minuti");
    }

    /// <summary>The state of the window in a sentence, for the list and the call page.</summary>
    public static string WindowSentence(WindowState state, DateTimeOffset? opens, DateTimeOffset? closes, DateTimeOffset now) => state switch
    {
        WindowState.Open => $"Domande aperte fino al {At(closes!.Value)}: mancano {Left(closes.Value - now)}.",
        WindowState.Upcoming => $"Le domande si potranno presentare dal {At(opens!.Value)} al {At(closes!.Value)}.",
        _ => closes is { } c ? $"Le domande sono chiuse (scadenza: {At(c)})." : "Le domande sono chiuse.",
    };
}
