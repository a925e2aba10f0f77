using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Plumbing;

/// <summary>
/// The request contexts are pooled, with their options built once (ADR 0153): the interceptors are the
/// process's singletons, and what they keep for a unit of work never passes from one lease of a context to the next.
/// </summary>
public sealed class ContextPoolingTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public void RequestContexts_ShareOptionsBuiltOnce_WithTheSingletonInterceptors()
    {
        using var first = Factory.Services.CreateScope();
        using var second = Factory.Services.CreateScope();

        var options = first.ServiceProvider.GetRequiredService<DbContextOptions<AppDbContext>>();

        Assert.Same(options, second.ServiceProvider.GetRequiredService<DbContextOptions<AppDbContext>>());
        var interceptors = options.FindExtension<CoreOptionsExtension>()!.Interceptors!.ToList();
        Assert.Contains(Factory.Services.GetRequiredService<OutboxDispatcher>(), interceptors);
        Assert.Contains(Factory.Services.GetRequiredService<PublicContentChanges>(), interceptors);
        Assert.NotSame(first.ServiceProvider.GetRequiredService<AppDbContext>(), second.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public void PerLease_GivesEachLeaseOfAPooledContextFreshState()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UsePortalDatabase("Host=unused").Options;
        var pool = new PooledDbContextFactory<AppDbContext>(options, poolSize: 1);
        var state = new PerLease<List<int>>();
        AppDbContext leased;
        using (var db = pool.CreateDbContext())
        {
            leased = db;
            state.For(db).Add(1);
            Assert.Equal([1], state.For(db));
        }

        using (var db = pool.CreateDbContext())
        {
            // The same instance, handed out again: what the first lease left behind is gone.
            Assert.Same(leased, db);
            Assert.Empty(state.For(db));
            state.For(db).Add(2);
            Assert.Equal([2], state.For(db));
        }

        using var other = new AppDbContext(options);
        Assert.Empty(state.For(other));
    }
}
