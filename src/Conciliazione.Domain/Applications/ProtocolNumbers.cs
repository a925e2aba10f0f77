using System.Globalization;
using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Applications;

/// <summary>One counter row per alliance and year.</summary>
public class ProtocolCounter
{
    public Guid AllianceId { get; set; }
    public int Year { get; set; }
    public int LastNumber { get; set; }
}

/// <summary>
/// Protocol numbers (e.g. <c>2026/000123</c>): gapless per alliance and year, in strict order of commit.
/// </summary>
/// <remarks>
/// The number is taken by an upsert that increments the counter row inside the submitting
/// transaction. The row lock it takes is held until that transaction commits, so concurrent
/// submissions queue on it: each gets the next number only after the previous one committed
/// (commit order), and a rolled-back submission gives its number back (no gaps). The cost is that
/// submissions of one alliance serialise on one row for the few milliseconds of their commit.
/// Must be called inside an open transaction.
/// </remarks>
public static class ProtocolNumbers
{
    public static async Task<string> NextAsync(AppDbContext db, Guid allianceId, int year, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Protocol numbers must be taken inside the submitting transaction.");
        }

        var next = await db.Database.SqlQuery<int>($"""
            INSERT INTO protocol_counters (alliance_id, year, last_number) VALUES ({allianceId}, {year}, 1)
            ON CONFLICT (alliance_id, year) DO UPDATE SET last_number = protocol_counters.last_number + 1
            RETURNING last_number AS "Value"
            """).ToListAsync(ct);
        return Format(year, next.Single());
    }

    public static string Format(int year, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{year}/{number:D6}");

    /// <summary>Orders protocol numbers by year, then number (not as text: 2026/1000000 comes after 2026/999999).</summary>
    public static int Compare(string? x, string? y)
    {
        static (int Year, long Number) Parse(string? p)
        {
            var slash = p?.IndexOf('/', StringComparison.Ordinal) ?? -1;
            return slash > 0
                && int.TryParse(p.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                && long.TryParse(p.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? (year, number)
                : (int.MaxValue, long.MaxValue);
        }

        var c = Parse(x).CompareTo(Parse(y));
        return c != 0 ? c : string.CompareOrdinal(x, y);
    }
}
