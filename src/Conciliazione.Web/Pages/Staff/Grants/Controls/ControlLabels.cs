using System.Globalization;
using Conciliazione.Domain.Grants;

namespace Conciliazione.Web.Pages.Staff.Grants.Controls;

/// <summary>The Italian words of the controls pages (resource keys: English in SharedResource.en.resx).</summary>
public static class ControlLabels
{
    public static string Outcome(ControlOutcome outcome) => outcome switch
    {
        ControlOutcome.Passed => "Controllo superato",
        ControlOutcome.Failed => "Controllo non superato",
        _ => "Da svolgere",
    };

    /// <summary>A percentage or a count as people read it (it-IT, no trailing zeros).</summary>
    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.GetCultureInfo("it-IT"));

    /// <summary>The grounds a failed control proposes for the revocation; staff confirm or edit them.</summary>
    public static string RevocationGrounds(string protocolNumber, string? notes) =>
        $"Revoca ai sensi dell'art. 75 del DPR 445/2000: il controllo sulle dichiarazioni sostitutive della domanda {protocolNumber} (art. 71) non è stato superato. {notes?.Trim()}".Trim();
}
