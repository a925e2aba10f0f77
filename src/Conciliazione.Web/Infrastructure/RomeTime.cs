using System.Globalization;

namespace Conciliazione.Web.Infrastructure;

/// <summary>Times are stored in UTC and shown to people in Europe/Rome.</summary>
public static class RomeTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    public static DateTimeOffset ToRome(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public static string Format(DateTimeOffset utc) =>
        ToRome(utc).ToString("dd/MM/yyyy HH:mm", CultureInfo.GetCultureInfo("it-IT"));

    /// <summary>A Europe/Rome wall-clock time (as typed in a form) to the UTC instant.</summary>
    public static DateTimeOffset FromRome(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }
}
