using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Notifications.Reminders;
using Conciliazione.Web.Notifications.Templates;
using Conciliazione.Web.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Conciliazione.Web.Tests.Staff.Applications.DocumentRequestSteps;

namespace Conciliazione.Web.Tests.Notifications;

/// <summary>Nothing lapses silently: an open document request is recalled to the family three days before its last day and on the day, once each.</summary>
public sealed class DocumentsDueRemindersTests(PortalFactory factory) : PortalTest(factory)
{
    /// <summary>08:00 in Rome (the recurring job's time) on <paramref name="day"/>.</summary>
    private static DateTimeOffset At8(DateOnly day) => DocumentRequestDeadline.EndOf(day.AddDays(-1)).AddHours(8);

    private async Task RunAsync(DateTimeOffset at)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<DocumentsDueReminders>(scope.ServiceProvider, new FakeTimeProvider(at));
        await job.RunAsync(TestContext.Current.CancellationToken);
    }

    private Task<List<Notification>> RemindersAsync() =>
        Factory.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == DocumentsDueReminder.KindName).OrderBy(n => n.DayKey).ToListAsync(TestContext.Current.CancellationToken));

    private async Task<(Seeded Seeded, Guid RequestId)> OpenAsync(DateOnly lastDay, DateTimeOffset requestedAt, string protocol = "2026/000042", string email = "famiglia@example.org")
    {
        var reviewer = await TestAccounts.CreateAsync(Factory, Conciliazione.Domain.Identity.Roles.Staff, withTotp: false);
        var seeded = await InReviewAsync(Factory, reviewer.Id, protocol, familyEmail: email);
        return (seeded, await RequestAsync(Factory, seeded.ApplicationId, reviewer.Id, DocumentRequestDeadline.EndOf(lastDay), requestedAt));
    }

    [Fact]
    public async Task TheFamily_IsRemindedThreeDaysBefore_AndOnTheLastDay_OnceEach_EvenWhenTheJobRunsAgainOrTwiceAtOnce()
    {
        var lastDay = DocumentRequestDeadline.Today(DateTimeOffset.UtcNow).AddDays(30);
        var (seeded, requestId) = await OpenAsync(lastDay, DateTimeOffset.UtcNow);

        await RunAsync(At8(lastDay.AddDays(-4)));
        Assert.Empty(await RemindersAsync());
        await Task.WhenAll(RunAsync(At8(lastDay.AddDays(-3))), RunAsync(At8(lastDay.AddDays(-3))));
        await RunAsync(At8(lastDay.AddDays(-3)).AddHours(5));
        await RunAsync(At8(lastDay.AddDays(-2)));
        await RunAsync(At8(lastDay.AddDays(-1)));
        await Task.WhenAll(RunAsync(At8(lastDay)), RunAsync(At8(lastDay)));
        await RunAsync(At8(lastDay).AddHours(10));
        await RunAsync(At8(lastDay.AddDays(1)));

        var reminders = await RemindersAsync();
        Assert.Equal([lastDay.AddDays(-3), lastDay], reminders.Select(r => r.DayKey!.Value));
        Assert.All(reminders, r => Assert.Equal(requestId, r.SubjectId));
        Assert.All(reminders, r => Assert.Equal(seeded.Family.Id, r.FamilyUserId));
        var sent = await OutboxSteps.WaitForAsync(Factory, reminders[1].Id, n => n.Status == NotificationStatus.Sent, "sent");
        Assert.Equal($"Promemoria: oggi scade l'integrazione della domanda {seeded.Protocol}", sent.Subject);
        var mails = Factory.Mailbox.MessagesTo("famiglia@example.org");
        Assert.Contains(mails, m => m.Contains($"{PortalFactory.PublicOrigin}/Family/Applications/Integrazione/{seeded.ApplicationId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMissedDay_IsCaughtUp_ButARequestMadeInsideTheWindow_OrAlreadyAnswered_GetsNoEarlyReminder()
    {
        var today = DocumentRequestDeadline.Today(DateTimeOffset.UtcNow);
        var lastDay = today.AddDays(30);
        var (missed, missedRequest) = await OpenAsync(lastDay, DateTimeOffset.UtcNow, "2026/000001", "uno@example.org");
        var (late, _) = await OpenAsync(lastDay, At8(lastDay.AddDays(-2)).AddHours(-1), "2026/000002", "due@example.org");
        var (answered, answeredRequest) = await OpenAsync(lastDay, DateTimeOffset.UtcNow, "2026/000003", "tre@example.org");
        await Factory.WithDbAsync(async db =>
        {
            var application = await db.Applications.Include(a => a.DocumentRequests).SingleAsync(a => a.Id == answered.ApplicationId, TestContext.Current.CancellationToken);
            application.AnswerDocumentRequest(answeredRequest, [("doc-1", "a.pdf", UploadKind.Pdf, CallSeeds.Pdf), ("altro-1", "b.pdf", UploadKind.Pdf, CallSeeds.Pdf)], null, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        // The job did not run on lastDay - 3: the next morning catches up.
        await RunAsync(At8(lastDay.AddDays(-2)));
        await RunAsync(At8(lastDay.AddDays(-1)));

        var reminder = Assert.Single(await RemindersAsync());
        Assert.Equal(missedRequest, reminder.SubjectId);
        Assert.Equal(missed.Family.Id, reminder.FamilyUserId);
        Assert.DoesNotContain(await RemindersAsync(), r => r.FamilyUserId == late.Family.Id || r.FamilyUserId == answered.Family.Id);
    }
}
