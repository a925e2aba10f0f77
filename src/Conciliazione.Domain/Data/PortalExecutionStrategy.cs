using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Conciliazione.Domain.Data;

/// <summary>
/// How the portal retries a read or a unit of work when PostgreSQL fails for a moment (ADR 0144):
/// five more attempts after 0.1, 0.5, 1, 2 and 4 seconds (about 8 s in all, enough for a fast
/// restart), only on failures that say "try again" and never on one that says "this will not work".
/// </summary>
/// <remarks>
/// Retried: the connection lost or refused (an <see cref="NpgsqlException"/> that is not a server
/// error: socket closed, restart in progress), the server shutting down or starting up (57P01,
/// 57P02, 57P03), class 08 (connection exception), serialization failures and deadlocks (40001,
/// 40P01) and too many connections (53300). Not retried: a full disk (53100) or out of memory
/// (53200): the space does not come back in eight seconds, so the user gets the 503 page at once
/// instead of after a wait, and nothing is written. A retry repeats the whole delegate given to
/// the strategy: with a user transaction that is the whole unit (<see cref="UnitOfWork"/>).
/// </remarks>
public sealed class PortalExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, Delays.Length, Delays[^1])
{
    private static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4),
    ];

    /// <summary>Whether <paramref name="exception"/> is a failure worth retrying (see the remarks).</summary>
    public static bool IsTransient(Exception? exception) => exception switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.TooManyConnections,
        // Not a server error: the socket broke, the server refused or timed out.
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException,
        _ => false,
    };

    /// <summary>
    /// Whether <paramref name="exception"/> (or one inside it) means the database cannot serve now:
    /// retries exhausted, the server down or restarting, the disk or memory full. The portal answers
    /// these with the 503 page ("Servizio momentaneamente non disponibile").
    /// </summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RetryLimitExceededException || IsTransient(e)
                || e is PostgresException { SqlState: var s } && (s.StartsWith("53", StringComparison.Ordinal) || s.StartsWith("58", StringComparison.Ordinal) || s.StartsWith("57P", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    protected override bool ShouldRetryOn(Exception exception) => IsTransient(exception);

    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        var attempt = ExceptionsEncountered.Count - 1;
        return attempt < Delays.Length ? Delays[attempt] : null;
    }
}
