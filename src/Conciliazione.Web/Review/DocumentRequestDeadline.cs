using Conciliazione.Domain.Applications;
using Conciliazione.Web.Infrastructure;

namespace Conciliazione.Web.Review;

/// <summary>
/// Deadlines of document requests are chosen as a day and kept as an instant: the end of that day
/// in Europe/Rome (the next midnight, Rome time), stored in UTC. A family that uploads at 23:30 of
/// the last day is on time, whatever the season (CET or CEST) and whatever the server's zone.
/// </summary>
public static class DocumentRequestDeadline
{
    /// <summary>Today's date in Europe/Rome.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(RomeTime.ToRome(now).DateTime);

    /// <summary>The day a new request's form proposes: today plus <see cref="DocumentRequest.DefaultDays"/>.</summary>
    public static DateOnly DefaultDay(DateTimeOffset now) => Today(now).AddDays(DocumentRequest.DefaultDays);

    /// <summary>The instant the chosen day ends in Europe/Rome (next midnight Rome time), in UTC.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => RomeTime.FromRome(day.AddDays(1).ToDateTime(TimeOnly.MinValue));

    /// <summary>The last day (Europe/Rome) on which the family can still answer.</summary>
    public static DateOnly DayOf(DateTimeOffset dueAt) => DateOnly.FromDateTime(RomeTime.ToRome(dueAt.AddTicks(-1)).DateTime);

    /// <summary>"11/12/2026": the last day, as people read it.</summary>
    public static string Show(DateTimeOffset dueAt) => Format.Date(DayOf(dueAt));
}
