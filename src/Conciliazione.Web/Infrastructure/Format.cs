using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Projects;

namespace Conciliazione.Web.Infrastructure;

/// <summary>How pages show dates, amounts and states to people (it-IT).</summary>
public static class Format
{
    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.GetCultureInfo("it-IT"));

    public static string Money(decimal amount) => Conciliazione.Domain.Money.Format(amount);

    public static string Status(ProjectStatus status) => status == ProjectStatus.Closed ? "Concluso" : "In corso";
}
