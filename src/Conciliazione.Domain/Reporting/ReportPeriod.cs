using System.Globalization;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;

namespace Conciliazione.Domain.Reporting;

/// <summary>What a monitoring report covers: a half-year, a calendar year, or the whole project (final report).</summary>
public enum ReportPeriodKind
{
    Semester,
    Year,
    Final,
}

/// <summary>
/// The period of a monitoring report. Keys are stable and used in forms, file names and exports:
/// "2018-S1" (a half-year, as <see cref="MonitoringPeriod"/>), "2018" (a year), "finale" (the whole project).
/// The final report runs from the project's start to its (possibly extended) end.
/// </summary>
public readonly record struct ReportPeriod(ReportPeriodKind Kind, int Year, int Half)
{
    public const string FinalKey = "finale";

    public static ReportPeriod Semester(MonitoringPeriod p) => new(ReportPeriodKind.Semester, p.Year, p.Half);

    public static ReportPeriod OfYear(int year) => new(ReportPeriodKind.Year, year, 0);

    public static ReportPeriod Final => new(ReportPeriodKind.Final, 0, 0);

    public string Key => Kind switch
    {
        ReportPeriodKind.Semester => new MonitoringPeriod(Year, Half).Key,
        ReportPeriodKind.Year => Year.ToString(CultureInfo.InvariantCulture),
        _ => FinalKey,
    };

    /// <summary>"1° semestre 2018", "Anno 2018", "Rapporto finale".</summary>
    public string Label => Kind switch
    {
        ReportPeriodKind.Semester => new MonitoringPeriod(Year, Half).Label,
        ReportPeriodKind.Year => "Anno " + Year.ToString(CultureInfo.InvariantCulture),
        _ => "Rapporto finale",
    };

    public DateOnly StartFor(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Kind switch
        {
            ReportPeriodKind.Semester => new MonitoringPeriod(Year, Half).Start,
            ReportPeriodKind.Year => new DateOnly(Year, 1, 1),
            _ => project.StartDate,
        };
    }

    public DateOnly EndFor(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Kind switch
        {
            ReportPeriodKind.Semester => new MonitoringPeriod(Year, Half).End,
            ReportPeriodKind.Year => new DateOnly(Year, 12, 31),
            _ => project.EndDate,
        };
    }

    public static bool TryParse(string? key, out ReportPeriod period)
    {
        period = default;
        var s = (key ?? "").Trim();
        if (s == FinalKey)
        {
            period = Final;
            return true;
        }

        if (MonitoringPeriod.TryParse(s, out var semester))
        {
            period = Semester(semester);
            return true;
        }

        if (s.Length == 4 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 2000)
        {
            period = OfYear(year);
            return true;
        }

        return false;
    }

    /// <summary>The periods a project can be reported on: its half-years, its calendar years, and the final report.</summary>
    public static IReadOnlyList<ReportPeriod> Of(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var list = MonitoringPeriod.Of(project).Select(Semester).ToList();
        for (var y = project.StartDate.Year; y <= project.EndDate.Year; y++)
        {
            list.Add(OfYear(y));
        }

        list.Add(Final);
        return list;
    }

    /// <summary>Whether the period touches the project's dates (a report outside them makes no sense).</summary>
    public bool Touches(Project project) => StartFor(project) <= project.EndDate && EndFor(project) >= project.StartDate;

    public override string ToString() => Key;
}
