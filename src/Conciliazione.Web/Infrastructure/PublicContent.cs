using System.Data.Common;
using System.Globalization;
using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Providers;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Primitives;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// What the public pages show (calls, their rules and providers, the alliance, its partners,
/// municipalities and projects, published rankings) and the caches built on it: the output cache
/// of the anonymous public pages (tag <see cref="Tag"/>) and reference data kept in memory
/// (<see cref="ChangeToken"/>). A staff change to any of it empties both at once (ADR 0126).
/// </summary>
public sealed class PublicContent(IOutputCacheStore store)
{
    /// <summary>The output-cache tag every public page carries.</summary>
    public const string Tag = "public";

    /// <summary>The output-cache policy of the public pages: <c>[OutputCache(PolicyName = PublicContent.Policy)]</c>.</summary>
    public const string Policy = "PublicPage";

    /// <summary>How long a public page is served from the cache at most (the "time left" sentences count minutes).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private CancellationTokenSource changes = new();

    /// <summary>Expires with the next change of public content: for reference data kept in IMemoryCache.</summary>
    public IChangeToken ChangeToken => new CancellationChangeToken(Volatile.Read(ref changes).Token);

    /// <summary>Public content changed (committed): every cached public page and reference datum is dropped.</summary>
    public async Task ChangedAsync()
    {
        var old = Interlocked.Exchange(ref changes, new CancellationTokenSource());
        await old.CancelAsync();
        await store.EvictByTagAsync(Tag, CancellationToken.None);
    }

    /// <summary>Whether a saved entity of this type can change what a public page shows.</summary>
    /// <remarks>A budget move is raw SQL on the calls beside its <see cref="CallReallocation"/> row, so that row stands for it.</remarks>
    public static bool Shows(Type entity) =>
        entity == typeof(Ranking) || entity == typeof(CallReallocation)
        || entity.Namespace is { } ns && (ns == typeof(Call).Namespace || ns == typeof(Alliance).Namespace
            || ns == typeof(Provider).Namespace || ns == typeof(Project).Namespace);

    /// <summary>
    /// A public page whose content changes by itself at <paramref name="at"/> (a call opens or closes)
    /// is not served from the cache past that instant.
    /// </summary>
    public static void ExpireNoLaterThan(HttpContext context, DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } instant || instant <= now || context.Features.Get<IOutputCacheFeature>()?.Context is not { } cache)
        {
            return;
        }

        var left = instant - now;
        if (cache.ResponseExpirationTimeSpan is not { } current || left < current)
        {
            cache.ResponseExpirationTimeSpan = left;
        }
    }

    public static void AddPublicPageCache(IServiceCollection services)
    {
        services.AddSingleton<PublicContent>();
        services.AddSingleton<PublicContentChanges>();
        services.AddOutputCache(o => o.AddPolicy(Policy, b => b
            .Expire(Lifetime)
            .Tag(Tag)
            .SetVaryByQuery("*")
            .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name))
            // The "time left" sentences count minutes on the portal's clock: a page is never served past its minute.
            .VaryByValue(c => new KeyValuePair<string, string>("minute", c.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)))
            .AddPolicy<NothingPersonal>()));
    }

    /// <summary>
    /// On top of the default policy (GET/HEAD, anonymous, no Authorization header, a 200 without
    /// Set-Cookie): a response marked no-store (an antiforgery token was generated, or a signed-in
    /// user's page) is never stored.
    /// </summary>
    private sealed class NothingPersonal : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            if (response.Headers.SetCookie.Count > 0
                || response.Headers.CacheControl.Any(v => v is not null && v.Contains("no-store", StringComparison.OrdinalIgnoreCase))
                || context.HttpContext.User.Identity?.IsAuthenticated == true)
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// Tells <see cref="PublicContent"/> when a SaveChanges touched public content: after it, or at the
/// commit of the transaction around it (a rollback changes nothing). Raw SQL that changes public
/// content calls <see cref="PublicContent.ChangedAsync"/> itself.
/// </summary>
public sealed class PublicContentChanges(PublicContent content) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // One interceptor for every pooled context: what a unit of work changed is kept per context and lease (ADR 0153).
    private readonly PerLease<Pending> units = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await SavedAsync(eventData.Context);
        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SavedAsync(eventData.Context).GetAwaiter().GetResult();
        return base.SavedChanges(eventData, result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => CommittedAsync(eventData.Context).GetAwaiter().GetResult();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) => CommittedAsync(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            units.For(context).InTransaction = false;
        }
    }

    private void Capture(DbContext? context)
    {
        if (context is not null)
        {
            units.For(context).Saving = context.ChangeTracker.Entries().Any(e =>
                e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && PublicContent.Shows(e.Metadata.ClrType));
        }
    }

    private async Task SavedAsync(DbContext? context)
    {
        if (context is null || units.For(context) is not { Saving: true } unit)
        {
            return;
        }

        unit.Saving = false;
        if (context.Database.CurrentTransaction is not null)
        {
            unit.InTransaction = true;
            return;
        }

        await content.ChangedAsync();
    }

    private async Task CommittedAsync(DbContext? context)
    {
        if (context is not null && units.For(context) is { InTransaction: true } unit)
        {
            unit.InTransaction = false;
            await content.ChangedAsync();
        }
    }

    /// <summary>A SaveChanges that touches public content (Saving), and one saved inside a transaction not yet committed (InTransaction).</summary>
    private sealed class Pending
    {
        public bool Saving { get; set; }

        public bool InTransaction { get; set; }
    }
}
