using Conciliazione.Domain.Data;
using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Notifications;
using Conciliazione.Web.Notifications.Templates;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Conciliazione.Web.Tests.Notifications.OutboxSteps;

namespace Conciliazione.Web.Tests.Notifications;

/// <summary>The outbox: written with the change, delivered by a real Hangfire server, once, even with SMTP down or two servers.</summary>
public sealed class OutboxTests(SwitchableSmtpPortalFactory factory) : IClassFixture<SwitchableSmtpPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        factory.Smtp.Down = false;
        await factory.ResetAsync();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static AdmittedModel Admitted(string protocol = "2026/000001") => new(Guid.NewGuid(), protocol);

    [Fact]
    public async Task JobServer_StoppedAfterItWasDisposed_StopsQuietly_SoTheHostShutsDownCleanly()
    {
        // The host may dispose its services before stopping them (HangfireIO/Hangfire#2488): a
        // stop on a disposed Hangfire server threw ObjectDisposedException and failed the run.
        var services = factory.Services;
        var disposedFirst = new JobServerHost(
            services.GetRequiredService<JobStorage>(),
            services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>(),
            new JobServerName());
        await disposedFirst.StartAsync(TestContext.Current.CancellationToken);
        disposedFirst.Dispose();
        await disposedFirst.StopAsync(TestContext.Current.CancellationToken);

        var stoppedFirst = new JobServerHost(
            services.GetRequiredService<JobStorage>(),
            services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>(),
            new JobServerName());
        await stoppedFirst.StartAsync(TestContext.Current.CancellationToken);
        await stoppedFirst.StopAsync(TestContext.Current.CancellationToken);
        stoppedFirst.Dispose();
        stoppedFirst.Dispose();

        // The fixture's own server still delivers.
        var family = await FamilyAsync(factory, "dopo-arresto@example.org");
        var id = await NotifyAsync(factory, family, Admitted("2026/000009"));
        await WaitForAsync(factory, id, n => n.Status == NotificationStatus.Sent, "sent");
    }

    [Fact]
    public async Task RolledBackChange_WritesNoOutboxRow_AndSendsNothing()
    {
        var family = await FamilyAsync(factory, "famiglia@example.org");
        var ct = TestContext.Current.CancellationToken;

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await Outbox.AddAsync(db, family, Admitted(), DateTimeOffset.UtcNow, ct);
                await db.SaveChangesAsync(ct);
                Assert.Equal(1, await db.Notifications.CountAsync(ct)); // visible inside the transaction
                await tx.RollbackAsync(ct);
            });
        }

        // A committed one afterwards is delivered: when it is, the rolled-back one would have been too.
        var committed = await NotifyAsync(factory, family, Admitted("2026/000002"));
        await WaitForAsync(factory, committed, n => n.Status == NotificationStatus.Sent, "sent");
        Assert.Equal(1, await factory.WithDbAsync(db => db.Notifications.CountAsync()));
        var mails = factory.Mailbox.MessagesTo("famiglia@example.org");
        Assert.Single(mails);
        Assert.Contains("2026/000002", mails[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delivered_Mail_IsMultipart_InTheFamilysLanguage_WithLinksFromThePublicOrigin()
    {
        var family = await FamilyAsync(factory, "english@example.org", language: "en");
        var model = Admitted();

        var id = await NotifyAsync(factory, family, model);

        var row = await WaitForAsync(factory, id, n => n.Status == NotificationStatus.Sent, "sent");
        Assert.StartsWith("250 2.0.0 Ok", row.SmtpResponse, StringComparison.Ordinal);
        Assert.Equal("Application admitted - reference 2026/000001", row.Subject);
        var mail = Assert.Single(factory.Mailbox.MessagesTo("english@example.org"));
        Assert.Contains("multipart/alternative", mail, StringComparison.Ordinal);
        Assert.Contains("text/html", mail, StringComparison.Ordinal);
        Assert.Contains($"{PortalFactory.PublicOrigin}/Family/Applications/Details/{model.ApplicationId}", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SmtpDownThenUp_RetriesWithBackOff_AndDeliversOnce()
    {
        var family = await FamilyAsync(factory, "famiglia@example.org");
        factory.Smtp.Down = true;

        var id = await NotifyAsync(factory, family, Admitted());

        var failing = await WaitForAsync(factory, id, n => n.Attempts >= 2 && n.Status == NotificationStatus.Pending, "two failed attempts");
        Assert.Contains("SocketException", failing.SmtpResponse, StringComparison.Ordinal);
        Assert.Empty(factory.Mailbox.MessagesTo("famiglia@example.org"));

        factory.Smtp.Down = false;
        var sent = await WaitForAsync(factory, id, n => n.Status == NotificationStatus.Sent, "sent after SMTP came back");
        Assert.NotNull(sent.SentAt);
        Assert.StartsWith("250", sent.SmtpResponse, StringComparison.Ordinal);
        Assert.Single(factory.Mailbox.MessagesTo("famiglia@example.org"));

        // Running the job again for a sent row sends nothing more.
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboxDelivery>().DeliverAsync(id, TestContext.Current.CancellationToken);
        Assert.Single(factory.Mailbox.MessagesTo("famiglia@example.org"));
    }

    [Fact]
    public async Task TwoJobServers_OnOneOutbox_SendEachMailOnce()
    {
        var family = await FamilyAsync(factory, "famiglia@example.org");
        factory.Smtp.Down = true; // hold the first deliveries back, so both servers find work
        var ids = new List<Guid>();
        for (var i = 1; i <= 20; i++)
        {
            ids.Add(await NotifyAsync(factory, family, Admitted($"2026/{i:000000}")));
        }

        // A second Hangfire server on the same storage (as a second portal instance would run),
        // and every id enqueued three more times, then SMTP comes back.
        using var second = new BackgroundJobServer(
            new BackgroundJobServerOptions { WorkerCount = 4, ServerName = "second-" + Guid.NewGuid().ToString("N"), SchedulePollingInterval = TimeSpan.FromMilliseconds(500), Activator = new ScopedJobActivator(factory.Services.GetRequiredService<IServiceScopeFactory>()) },
            factory.Services.GetRequiredService<JobStorage>());
        var client = factory.Services.GetRequiredService<IBackgroundJobClient>();
        factory.Smtp.Down = false;
        foreach (var id in ids)
        {
            for (var k = 0; k < 3; k++)
            {
                client.Enqueue<OutboxDelivery>(d => d.DeliverAsync(id, CancellationToken.None));
            }
        }

        foreach (var id in ids)
        {
            await WaitForAsync(factory, id, n => n.Status == NotificationStatus.Sent, "sent");
        }

        var mails = factory.Mailbox.MessagesTo("famiglia@example.org");
        Assert.Equal(20, mails.Count);
        for (var i = 1; i <= 20; i++)
        {
            Assert.Single(mails, m => m.Contains($"Subject: Domanda ammessa - protocollo 2026/{i:000000}\r\n", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task FamilyWithoutAVerifiedEmail_GetsTheMessageInThePortalOnly()
    {
        var family = await FamilyAsync(factory, identityEmail: null);

        var id = await NotifyAsync(factory, family, Admitted());

        var row = await WaitForAsync(factory, id, n => n.Status == NotificationStatus.PortalOnly, "portal only");
        Assert.Null(row.ToAddress);
        Assert.Equal("Domanda ammessa - protocollo 2026/000001", row.Subject);
        Assert.Empty(Directory.Exists(factory.MailDirectory) ? Directory.GetFiles(factory.MailDirectory) : []);
    }

    [Fact]
    public async Task AModelWithAMissingValue_FailsTheRow_AndSendsNothing()
    {
        var family = await FamilyAsync(factory, "famiglia@example.org");

        var id = await NotifyAsync(factory, family, new AdmittedModel(Guid.NewGuid(), ""));

        var row = await WaitForAsync(factory, id, n => n.Status == NotificationStatus.Failed, "failed");
        Assert.Contains("ProtocolNumber", row.SmtpResponse, StringComparison.Ordinal);
        Assert.Empty(factory.Mailbox.MessagesTo("famiglia@example.org"));
    }
}
