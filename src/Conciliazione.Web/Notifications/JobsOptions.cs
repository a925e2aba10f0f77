namespace Conciliazione.Web.Notifications;

/// <summary>The "Portal:Jobs" configuration section (docs/operations.md, "Lavori in background").</summary>
public sealed class JobsOptions
{
    public const string Section = "Portal:Jobs";

    /// <summary>Run a Hangfire job server (workers) in this instance. Off: the instance only enqueues.</summary>
    public bool Workers { get; set; } = true;

    public int WorkerCount { get; set; } = 4;

    /// <summary>PostgreSQL schema of Hangfire's tables (same database as the portal).</summary>
    public string Schema { get; set; } = "hangfire";

    /// <summary>How often an idle worker looks for new jobs.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often delayed jobs (retries) are moved to the queue.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Back-off between delivery attempts (the last one is reused); empty means
    /// <see cref="DefaultRetryDelays"/>. Empty by default because the configuration binder appends
    /// to an array that already has items.
    /// </summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    public static readonly IReadOnlyList<TimeSpan> DefaultRetryDelays =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6),
    ];

    /// <summary>After this many failed attempts a message is marked failed and shown to admins.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long a claimed message stays reserved to one server before another may take it over.</summary>
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Register the recurring jobs (outbox sweep, reminders). Tests turn it off and run them by hand.</summary>
    public bool RecurringJobs { get; set; } = true;

    public TimeSpan RetryDelay(int attempt)
    {
        IReadOnlyList<TimeSpan> delays = RetryDelays.Length == 0 ? DefaultRetryDelays : RetryDelays;
        return delays[Math.Clamp(attempt - 1, 0, delays.Count - 1)];
    }
}
