using System.Data.Common;
using Conciliazione.Domain.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Conciliazione.Web.Tests.Reliability;

/// <summary>
/// Makes PostgreSQL fail on purpose, as a restart or a full disk would: the next commits of one
/// DbContext (before or after the server committed), or every command of the requests that carry
/// <see cref="Header"/>. Counts what it threw, so a test can tell the fault really happened.
/// Contexts are pooled (ADR 0153): the target is one lease of a context (its <see cref="DbContextId"/>),
/// never the instance, so faults left unspent cannot reach the next user of the same instance.
/// </summary>
public sealed class FaultInjector(IHttpContextAccessor http) : DbTransactionInterceptor, IDbCommandInterceptor
{
    /// <summary>A request with this header (value: a SQLSTATE) has each of its commands fail with that SQLSTATE.</summary>
    public const string Header = "X-Test-Database-Fault";

    private readonly Lock gate = new();
    private DbContextId? target;
    private int failBeforeCommit;
    private int failAfterCommit;
    private string sqlState = PostgresErrorCodes.AdminShutdown;

    public int Thrown { get; private set; }

    /// <summary>The next <paramref name="times"/> commits of <paramref name="db"/> fail before reaching the server (nothing committed).</summary>
    public void FailCommitsBefore(DbContext db, int times, string state)
    {
        lock (gate)
        {
            (target, failBeforeCommit, failAfterCommit, sqlState, Thrown) = (db.ContextId, times, 0, state, 0);
        }
    }

    /// <summary>The next <paramref name="times"/> commits of <paramref name="db"/> happen, but their answer is "lost" (the client sees a failure).</summary>
    public void FailCommitsAfter(DbContext db, int times, string state)
    {
        lock (gate)
        {
            (target, failBeforeCommit, failAfterCommit, sqlState, Thrown) = (db.ContextId, 0, times, state, 0);
        }
    }

    public static PostgresException Transient(string sqlState) =>
        new("fault injected by the test", "FATAL", "FATAL", sqlState);

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        ThrowIf(eventData.Context, ref failBeforeCommit);
        return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ThrowIf(eventData.Context, ref failAfterCommit);
        return base.TransactionCommittedAsync(transaction, eventData, cancellationToken);
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        ThrowForRequest();
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ThrowForRequest();
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        ThrowForRequest();
        return ValueTask.FromResult(result);
    }

    private void ThrowIf(DbContext? context, ref int remaining)
    {
        lock (gate)
        {
            if (context is null || context.ContextId != target || remaining <= 0)
            {
                return;
            }

            remaining--;
            Thrown++;
        }

        throw Transient(sqlState);
    }

    private void ThrowForRequest()
    {
        if (http.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } state)
        {
            lock (gate)
            {
                Thrown++;
            }

            throw Transient(state);
        }
    }
}

/// <summary>The portal with a <see cref="FaultInjector"/> on every DbContext it makes.</summary>
public sealed class FaultyPortalFactory : PortalFactory
{
    public FaultInjector Faults => Services.GetRequiredService<FaultInjector>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<FaultInjector>();
            services.ConfigureDbContext<AppDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<FaultInjector>()));
        });
    }
}
