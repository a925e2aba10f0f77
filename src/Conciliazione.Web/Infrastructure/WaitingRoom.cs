using System.Globalization;
using System.Threading.RateLimiting;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// The click day's waiting room (ADR 0154): at most <see cref="WaitingRoomOptions.Concurrent"/> requests
/// of the family area (<c>/Family/...</c>: wizard, uploads, submit) are served at once, the next
/// <see cref="WaitingRoomOptions.Queue"/> wait in arrival order, and any further one gets at once a 503
/// with Retry-After and an Italian page saying nothing was lost, instead of waiting for a timeout.
/// Public pages (served from the output cache), staff, referents and auditors are not in the room, and
/// neither is an application's details page (<see cref="IsSubmitLanding"/>): a submit the room let in
/// always shows its protocol number.
/// </summary>
public static class WaitingRoom
{
    /// <summary>Set on a request the room turned away: the 503 page explains the click day, not a fault.</summary>
    public const string TurnedAwayKey = "Conciliazione.WaitingRoom.TurnedAway";

    private const string Partition = "family-area";

    /// <summary>The family area: where a turned-away page offers "Riprova".</summary>
    public static bool Covers(PathString path) => path.StartsWithSegments("/Family", StringComparison.OrdinalIgnoreCase);

    /// <summary>The requests that wait in the room: the family area, less the page a submit lands on.</summary>
    public static bool Covers(HttpRequest request) => Covers(request.Path) && !IsSubmitLanding(request);

    /// <summary>
    /// The details page of an application (a GET with no handler: not its file downloads), where the submit
    /// redirects with the protocol number. It is one read of one family's rows; were it turned away, a family
    /// whose submit went through would see "Molte richieste" instead of its number and could think it lost.
    /// </summary>
    public static bool IsSubmitLanding(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Path.StartsWithSegments("/Family/Applications/Details", StringComparison.OrdinalIgnoreCase)
        && !request.Query.ContainsKey("handler");

    public static WaitingRoomOptions Options(IConfiguration config)
    {
        var cores = Environment.ProcessorCount;
        return new WaitingRoomOptions(
            Concurrent: config.GetValue("Portal:WaitingRoom:Concurrent", 4 * cores),
            Queue: config.GetValue("Portal:WaitingRoom:Queue", 32 * cores),
            RetryAfterSeconds: config.GetValue("Portal:WaitingRoom:RetryAfterSeconds", 30));
    }

    /// <summary>One concurrency limiter for the whole family area; no limit where <c>Concurrent</c> is 0 or less.</summary>
    public static PartitionedRateLimiter<HttpContext> Create(WaitingRoomOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            options.Concurrent <= 0 || !Covers(ctx.Request)
                ? RateLimitPartition.GetNoLimiter("none")
                : RateLimitPartition.GetConcurrencyLimiter(Partition, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.Concurrent,
                    QueueLimit = Math.Max(0, options.Queue),
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                }));

    /// <summary>A 503 with Retry-After; the status-code page then says what happened and that nothing was lost.</summary>
    public static void TurnAway(HttpContext context, WaitingRoomOptions options)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        context.Items[TurnedAwayKey] = true;
    }
}

/// <param name="Concurrent">Family-area requests served at once (default 4 per core).</param>
/// <param name="Queue">Requests waiting in arrival order beyond those (default 32 per core, about half a second of work).</param>
/// <param name="RetryAfterSeconds">What the 503 asks the browser and the family to wait.</param>
public sealed record WaitingRoomOptions(int Concurrent, int Queue, int RetryAfterSeconds);
