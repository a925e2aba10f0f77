using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>
/// Puts a seeded application in a status by walking the allowed transitions in SQL (the
/// database refuses any other move), for tests where only the state matters.
/// </summary>
public static class StatusPaths
{
    /// <summary>The shortest chain of allowed moves from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static IReadOnlyList<ApplicationStatus> Path(ApplicationStatus from, ApplicationStatus to)
    {
        var previous = new Dictionary<ApplicationStatus, ApplicationStatus> { [from] = from };
        var queue = new Queue<ApplicationStatus>([from]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (current == to)
            {
                var path = new List<ApplicationStatus>();
                for (var s = to; s != from; s = previous[s])
                {
                    path.Add(s);
                }

                path.Reverse();
                return path;
            }

            foreach (var next in ApplicationTransitions.Allowed.Where(t => t.From == current).Select(t => t.To).Distinct())
            {
                if (previous.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }

        throw new InvalidOperationException($"No path from {from} to {to}.");
    }

    /// <summary>Moves the (draft) application to <paramref name="status"/>, giving it a protocol number on submission.</summary>
    public static async Task MoveAsync(AppDbContext db, Guid applicationId, ApplicationStatus status, string protocolNumber, CancellationToken ct)
    {
        var current = await db.Applications.Where(a => a.Id == applicationId).Select(a => a.Status).SingleAsync(ct);
        foreach (var step in Path(current, status))
        {
            var name = step.ToString();
            await db.Database.ExecuteSqlAsync(
                $"UPDATE applications SET status = {name}, protocol_number = coalesce(protocol_number, {protocolNumber}), submitted_at = coalesce(submitted_at, now()) WHERE id = {applicationId}", ct);
        }
    }
}
