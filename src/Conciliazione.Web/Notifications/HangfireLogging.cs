using HangfireLog = Hangfire.Logging;

namespace Conciliazione.Web.Notifications;

/// <summary>
/// Hangfire's log provider, through this host's <see cref="ILoggerFactory"/>, that never throws.
/// </summary>
/// <remarks>
/// Hangfire keeps its log provider process-wide. Hangfire.AspNetCore's own provider throws
/// ObjectDisposedException once the host that registered it is disposed, which puts the workers of
/// any other host in the process into a failed state with a job fetched and stuck (the test suite
/// runs one host per test class). A log line lost after a host stopped is harmless; a stuck job is not.
/// </remarks>
public sealed class HangfireLogProvider(ILoggerFactory factory) : HangfireLog.ILogProvider
{
    public HangfireLog.ILog GetLogger(string name) => new SafeLog(factory, name);

    private sealed class SafeLog(ILoggerFactory factory, string name) : HangfireLog.ILog
    {
        public bool Log(HangfireLog.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                var logger = factory.CreateLogger(name);
                var level = logLevel switch
                {
                    HangfireLog.LogLevel.Trace => LogLevel.Trace,
                    HangfireLog.LogLevel.Debug => LogLevel.Debug,
                    HangfireLog.LogLevel.Info => LogLevel.Information,
                    HangfireLog.LogLevel.Warn => LogLevel.Warning,
                    HangfireLog.LogLevel.Error => LogLevel.Error,
                    _ => LogLevel.Critical,
                };
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }

#pragma warning disable CA2254 // Hangfire hands over finished messages, not templates.
                logger.Log(level, exception, messageFunc());
#pragma warning restore CA2254
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
