using Conciliazione.Web.Authorization;
using Conciliazione.Web.Documents;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications.Reminders;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Conciliazione.Web.Notifications;

/// <summary>
/// Hangfire on the portal's PostgreSQL, in its own schema (ADR 0040): storage, the job server
/// (workers on or off per instance), the recurring jobs and the dashboard under /Admin/Jobs.
/// </summary>
public static class JobsSetup
{
    public const string DashboardPath = "/Admin/Jobs";

    public static void AddPortalJobs(this IServiceCollection services, IConfiguration config, string connectionString)
    {
        services.Configure<JobsOptions>(config.GetSection(JobsOptions.Section));
        var options = config.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();

        // The storage is this host's singleton, not Hangfire's static JobStorage.Current: test hosts
        // (one database each) and several portals in one process must not share it.
        services.AddSingleton<JobStorage>(_ =>
        {
            var storageOptions = new PostgreSqlStorageOptions
            {
                SchemaName = options.Schema,
                // With a separate owner role (ConnectionStrings:Migrations) the owner installs the
                // schema at migration (DatabaseRoles): the runtime role may not create schemas.
                PrepareSchemaIfNecessary = string.IsNullOrWhiteSpace(config.GetConnectionString("Migrations")),
                QueuePollInterval = options.QueuePollInterval,
                InvisibilityTimeout = TimeSpan.FromMinutes(30),
                DistributedLockTimeout = TimeSpan.FromMinutes(1),
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
        });
        services.AddHangfire((sp, c) => c
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddSingleton<JobServerName>();
        if (options.Workers)
        {
            services.AddHostedService<JobServerHost>();
        }

        services.AddSingleton<OutboxDispatcher>();
        services.AddScoped<OutboxDelivery>();
        services.AddScoped<OutboxSweeper>();
        services.AddScoped<CallClosingReminders>();
        services.AddScoped<DocumentsDueReminders>();
        services.AddScoped<ApplicationReceipts>();
        services.AddScoped<DecisionLetters>();
        services.AddScoped<Privacy.RetentionJob>();
        services.AddHealthChecks().AddCheck<JobsHealthCheck>("jobs", tags: ["ready"]);
    }

    /// <summary>Creates or upgrades Hangfire's schema with the given (owner) connection.</summary>
    public static void InstallSchema(string ownerConnectionString, string schema)
    {
        var storageOptions = new PostgreSqlStorageOptions { SchemaName = schema, PrepareSchemaIfNecessary = true };
        _ = new PostgreSqlStorage(new NpgsqlConnectionFactory(ownerConnectionString, storageOptions), storageOptions);
    }

    public static void UsePortalJobs(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value;
        if (options.RecurringJobs)
        {
            var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
            recurring.AddOrUpdate<OutboxSweeper>(OutboxSweeper.JobId, s => s.SweepAsync(CancellationToken.None), Cron.Minutely());
            recurring.AddOrUpdate<CallClosingReminders>(
                CallClosingReminders.JobId,
                r => r.RunAsync(CancellationToken.None),
                Cron.Daily(8),
                new RecurringJobOptions { TimeZone = RomeTime.Zone });
            recurring.AddOrUpdate<DocumentsDueReminders>(
                DocumentsDueReminders.JobId,
                r => r.RunAsync(CancellationToken.None),
                Cron.Daily(8),
                new RecurringJobOptions { TimeZone = RomeTime.Zone });
            recurring.AddOrUpdate<Monitoring.ReferentSummary>(Monitoring.ReferentSummary.JobId, s => s.RefreshAsync(CancellationToken.None), Monitoring.ReferentSummary.Cron);
            recurring.AddOrUpdate<Privacy.RetentionJob>(
                Privacy.RetentionJob.JobId,
                r => r.RunAsync(CancellationToken.None),
                Cron.Daily(2, 30),
                new RecurringJobOptions { TimeZone = RomeTime.Zone });
        }

        app.MapHangfireDashboardWithAuthorizationPolicy(
            Policies.Admin,
            DashboardPath,
            new DashboardOptions
            {
                Authorization = [],
                AsyncAuthorization = [new DashboardAuthorization()],
                DashboardTitle = "Conciliazione - lavori in background",
                AppPath = "/Admin/Messages",
                DisplayStorageConnectionString = false,
            });
    }
}
