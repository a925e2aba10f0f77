using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>Loading a call of the staff user's alliance; another alliance's call is simply not found (404).</summary>
public static class StaffCalls
{
    public const string InvalidValue = "Valore non valido: controllare quanto scritto.";

    public static Task<Call?> FindCallAsync(this AppDbContext db, Guid id, Guid? allianceId, CancellationToken ct) =>
        db.Calls.Include(c => c.Versions).Include(c => c.Providers).AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == id && c.AllianceId == allianceId, ct);

    public static Task<Domain.Projects.Project> ProjectOfAsync(this AppDbContext db, Call call, CancellationToken ct) =>
        db.Projects.Include(p => p.Actions).FirstAsync(p => p.Id == call.ProjectId, ct);

    /// <summary>Today's date on the wall clock in Rome: agreements and periods are days there.</summary>
    public static DateOnly TodayInRome(this TimeProvider clock) => DateOnly.FromDateTime(RomeTime.ToRome(clock.GetUtcNow()).DateTime);

    /// <summary>
    /// Replaces the framework's English binding errors: a value that was typed but could not be
    /// read ("undici" for a number) gets one Italian message, keeping what was typed; an empty
    /// field's implicit "required" error is dropped, because the page's validator says in Italian
    /// what is required.
    /// </summary>
    public static void ReplaceBindingErrors(this ModelStateDictionary modelState)
    {
        foreach (var entry in modelState.Values.Where(e => e.Errors.Count > 0))
        {
            entry.Errors.Clear();
            if (string.IsNullOrWhiteSpace(entry.AttemptedValue))
            {
                entry.ValidationState = ModelValidationState.Valid;
            }
            else
            {
                entry.Errors.Add(InvalidValue);
            }
        }
    }

    public static string WindowText(DateTimeOffset? opens, DateTimeOffset? closes) =>
        opens is { } o && closes is { } c ? $"dal {RomeTime.Format(o)} al {RomeTime.Format(c)}" : "da definire";

    public static string PeriodText(DateOnly? start, DateOnly? end) =>
        start is { } s && end is { } e ? $"dal {Format.Date(s)} al {Format.Date(e)}" : "da definire";
}
