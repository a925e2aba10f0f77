using Hangfire;
using Microsoft.Extensions.Options;

namespace Conciliazione.Web.Notifications;

/// <summary>
/// Runs this instance's Hangfire server (when Portal:Jobs:Workers is on) with this host's storage
/// and this host's container, stopping it with the host.
/// </summary>
/// <remarks>
/// Not Hangfire's AddHangfireServer: that one resolves jobs through the process-wide
/// JobActivator.Current, so two hosts in one process (the test suite runs one per test class,
/// each on its own database) ran each other's jobs against the wrong database.
/// </remarks>
public sealed class JobServerHost(JobStorage storage, IServiceScopeFactory scopes, IOptions<JobsOptions> options, JobServerName name) : IHostedService, IDisposable
{
    private BackgroundJobServer? server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        server = new BackgroundJobServer(
            new BackgroundJobServerOptions
            {
                ServerName = name.Value,
                WorkerCount = o.WorkerCount,
                SchedulePollingInterval = o.SchedulePollingInterval,
                ShutdownTimeout = TimeSpan.FromSeconds(10),
                Activator = new ScopedJobActivator(scopes),
            },
            storage);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var running = server;
        if (running is null)
        {
            return;
        }

        try
        {
            running.SendStop();
            await running.WaitForShutdownAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // The server is already disposed (the host disposed its services before stopping them,
            // or Hangfire disposed the wait handle once processing had ended): it has stopped,
            // which is what this waits for. Seen as a rare test-fixture cleanup failure in CI
            // (HangfireIO/Hangfire#2488).
        }
    }

    public void Dispose() => Interlocked.Exchange(ref server, null)?.Dispose();
}

/// <summary>One DI scope per job (a DbContext per job), from this host's container.</summary>
public sealed class ScopedJobActivator(IServiceScopeFactory scopes) : JobActivator
{
    public override JobActivatorScope BeginScope(JobActivatorContext context) => new Scope(scopes.CreateScope());

    private sealed class Scope(IServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override void DisposeScope() => scope.Dispose();
    }
}
