namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// Where a page's heavy reads came from (<see cref="ReadDatabase"/>) and how fresh they are: the primary
/// (live, <see cref="Lag"/> zero) or the read replica, complete up to <see cref="AsOf"/>.
/// </summary>
/// <param name="FellBack">The replica was configured but not used (too far behind or not answering).</param>
public sealed record ReadFreshness(bool FromReplica, DateTimeOffset AsOf, TimeSpan Lag, bool FellBack = false)
{
    public static ReadFreshness Primary(DateTimeOffset now, bool fellBack = false) => new(false, now, TimeSpan.Zero, fellBack);

    /// <summary>True when the reader should be told the figures may miss the latest changes.</summary>
    public bool IsLagging(TimeSpan notice) => FromReplica && Lag > notice;

    /// <summary>The lag in whole minutes, rounded up (at least 1): "le modifiche degli ultimi N minuti".</summary>
    public int LagMinutes => Lag >= TimeSpan.FromDays(1) ? 24 * 60 : Math.Max(1, (int)Math.Ceiling(Lag.TotalMinutes));
}

/// <summary>What the <c>_ReadFreshness</c> partial shows: the freshness and the configured notice threshold.</summary>
/// <param name="ShowAsOf">Also print "Dati aggiornati al ..." when read from the replica (pages with no time of their own).</param>
public sealed record ReadFreshnessView(ReadFreshness? Freshness, TimeSpan Notice, bool ShowAsOf = true);
