using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Notifications;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Notifications.Reminders;
using Conciliazione.Web.Notifications.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Conciliazione.Web.Tests.Notifications;

/// <summary>The "call closes in 3 days and you have a draft" reminder: who gets it, and at most once a day.</summary>
public sealed class RemindersTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly DateTimeOffset Now = new(2026, 10, 28, 7, 0, 0, TimeSpan.Zero);

    private async Task<Guid> DraftAsync(Guid callId, Guid familyId) => await Factory.WithDbAsync(async db =>
    {
        var draft = Application.StartDraft(CastellanzaPlan.AllianceId, callId, familyId, new ApplicantSection { GivenName = "Maria", FamilyName = "Rossi" }, Now.AddDays(-5));
        db.Applications.Add(draft);
        await db.SaveChangesAsync();
        return draft.Id;
    });

    private async Task RunAsync(DateTimeOffset at)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<CallClosingReminders>(scope.ServiceProvider, new FakeTimeProvider(at));
        await job.RunAsync(TestContext.Current.CancellationToken);
    }

    private Task<List<Notification>> RemindersAsync() =>
        Factory.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == CallClosingReminder.KindName).ToListAsync());

    [Fact]
    public async Task FamilyWithADraft_OnACallClosingIn3Days_IsRemindedOnce_EvenWhenTheJobRunsAgain()
    {
        var closing = await CallSeeds.CallAsync(Factory, Now, closes: Now.AddDays(2).AddHours(12), reference: "AV-CHIUDE");
        var later = await CallSeeds.CallAsync(Factory, Now, closes: Now.AddDays(10), reference: "AV-DOPO");
        var withDraft = await OutboxSteps.FamilyAsync(Factory, "bozza@example.org");
        var submittedOnly = await OutboxSteps.FamilyAsync(Factory, "inviata@example.org");
        var draftId = await DraftAsync(closing, withDraft);
        await DraftAsync(later, submittedOnly);

        await RunAsync(Now);
        // The same day again, then two servers at once the next day.
        await RunAsync(Now.AddHours(3));
        await Task.WhenAll(RunAsync(Now.AddDays(1)), RunAsync(Now.AddDays(1)));

        var reminders = await RemindersAsync();
        var reminder = Assert.Single(reminders);
        Assert.Equal(withDraft, reminder.FamilyUserId);
        Assert.Equal(closing, reminder.SubjectId);
        Assert.Equal(new DateOnly(2026, 10, 28), reminder.DayKey);
        var sent = await OutboxSteps.WaitForAsync(Factory, reminder.Id, n => n.Status == NotificationStatus.Sent, "sent");
        Assert.StartsWith("Promemoria: il bando AV-CHIUDE chiude il 30/10/2026", sent.Subject, StringComparison.Ordinal);
        var mail = Assert.Single(Factory.Mailbox.MessagesTo("bozza@example.org"));
        Assert.Contains($"{PortalFactory.PublicOrigin}/Family/Applications/Edit/{draftId}", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDayKey_IsUniquePerKindSubjectFamilyAndDay()
    {
        var family = await OutboxSteps.FamilyAsync(Factory, "bozza@example.org");
        var callId = Guid.NewGuid();
        var model = new CallClosingReminderModel(callId, Guid.NewGuid(), "AV-1", "Bando", Now.AddDays(2));
        var day = new DateOnly(2026, 10, 28);

        await Factory.WithDbAsync(async db =>
        {
            await Conciliazione.Web.Notifications.Outbox.AddAsync(db, family, model, Now, TestContext.Current.CancellationToken, dayKey: day);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var second = await Assert.ThrowsAsync<DbUpdateException>(() => Factory.WithDbAsync(async db =>
        {
            await Conciliazione.Web.Notifications.Outbox.AddAsync(db, family, model, Now, TestContext.Current.CancellationToken, dayKey: day);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }));

        Assert.Contains("23505", second.InnerException!.Message, StringComparison.Ordinal);
        // Another day is another reminder.
        await Factory.WithDbAsync(async db =>
        {
            await Conciliazione.Web.Notifications.Outbox.AddAsync(db, family, model, Now, TestContext.Current.CancellationToken, dayKey: day.AddDays(1));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        Assert.Equal(2, (await RemindersAsync()).Count);
    }
}
