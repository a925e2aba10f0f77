using System.Globalization;
using Conciliazione.Domain.Projects;

namespace Conciliazione.Domain.Monitoring;

/// <summary>
/// A monitoring period: a calendar half-year (semestre), the unit the ATS reports and the
/// indicators are counted by. "2018-S1" is 1 January to 30 June 2018.
/// </summary>
public readonly record struct MonitoringPeriod(int Year, int Half)
{
    public DateOnly Start => new(Year, Half == 1 ? 1 : 7, 1);

    public DateOnly End => Half == 1 ? new(Year, 6, 30) : new(Year, 12, 31);

    /// <summary>"2018-S1": stable, used in forms and exports.</summary>
    public string Key => Year.ToString(CultureInfo.InvariantCulture) + "-S" + Half.ToString(CultureInfo.InvariantCulture);

    /// <summary>"1° semestre 2018".</summary>
    public string Label => Half.ToString(CultureInfo.InvariantCulture) + "° semestre " + Year.ToString(CultureInfo.InvariantCulture);

    public static MonitoringPeriod Containing(DateOnly day) => new(day.Year, day.Month <= 6 ? 1 : 2);

    public static bool TryParse(string? key, out MonitoringPeriod period)
    {
        period = default;
        var s = (key ?? "").Trim();
        if (s.Length != 7 || s[4] != '-' || s[5] != 'S'
            || !int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || s[6] is not ('1' or '2'))
        {
            return false;
        }

        period = new MonitoringPeriod(year, s[6] - '0');
        return true;
    }

    /// <summary>The half-years a project's dates touch, in order.</summary>
    public static IReadOnlyList<MonitoringPeriod> Of(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Between(project.StartDate, project.EndDate);
    }

    public static IReadOnlyList<MonitoringPeriod> Between(DateOnly from, DateOnly to)
    {
        var list = new List<MonitoringPeriod>();
        for (var p = Containing(from); p.Start <= to; p = p.Next())
        {
            list.Add(p);
        }

        return list;
    }

    public MonitoringPeriod Next() => Half == 1 ? new(Year, 2) : new(Year + 1, 1);

    public override string ToString() => Key;
}
