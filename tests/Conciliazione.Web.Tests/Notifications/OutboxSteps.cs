using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conciliazione.Web.Tests.Notifications;

public static class OutboxSteps
{
    /// <summary>A family account with a profile; <paramref name="identityEmail"/> is the address SPID asserted.</summary>
    public static async Task<Guid> FamilyAsync(PortalFactory factory, string? identityEmail, string language = "it")
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = scope.ServiceProvider.GetRequiredService<Conciliazione.Domain.Data.AppDbContext>();
        var user = new ApplicationUser { UserName = "fam-" + Guid.NewGuid().ToString("N"), FiscalCode = "FAM" + Guid.NewGuid().ToString("N")[..13].ToUpperInvariant(), DisplayName = "Famiglia di prova", CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Family)).Succeeded);
        var profile = FamilyProfile.Create(user.Id, new AssertedIdentity("Maria", "Rossi", null, identityEmail), DateTimeOffset.UtcNow);
        profile.ChangeEmailLanguage(language);
        db.FamilyProfiles.Add(profile);
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>Writes one notification through the outbox API and commits it, as a page would.</summary>
    public static async Task<Guid> NotifyAsync(PortalFactory factory, Guid familyId, INotificationModel model)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Conciliazione.Domain.Data.AppDbContext>();
        var n = await Outbox.AddAsync(db, familyId, model, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return n.Id;
    }

    public static Task<Notification> RowAsync(PortalFactory factory, Guid id) =>
        factory.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id));

    /// <summary>Polls the outbox row (what the job records) until it satisfies <paramref name="done"/>, for up to 60 s.</summary>
    public static async Task<Notification> WaitForAsync(PortalFactory factory, Guid id, Func<Notification, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var row = await RowAsync(factory, id);
            if (done(row))
            {
                return row;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Notification {id} never got to: {what} (status {row.Status}, attempts {row.Attempts}, answer {row.SmtpResponse})");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}

/// <summary>An SMTP stand-in the test switches off and on: down means every send throws, as MailKit does on a refused connection.</summary>
public sealed class SwitchableEmailSender(PickupDirectoryEmailSender pickup) : IEmailSender
{
    public volatile bool Down;
    private int failures;

    public int Failures => failures;

    public Task SendAsync(EmailMessage message, CancellationToken ct = default) => SendWithAnswerAsync(message, ct);

    public async Task<string> SendWithAnswerAsync(EmailMessage message, CancellationToken ct = default)
    {
        if (Down)
        {
            Interlocked.Increment(ref failures);
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
        }

        return "250 2.0.0 Ok: " + await pickup.SendWithAnswerAsync(message, ct);
    }
}

/// <summary>The portal whose mail goes through a <see cref="SwitchableEmailSender"/> over the pickup folder.</summary>
public sealed class SwitchableSmtpPortalFactory : PortalFactory
{
    public SwitchableEmailSender Smtp => Services.GetRequiredService<SwitchableEmailSender>();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<PickupDirectoryEmailSender>();
            services.AddSingleton<SwitchableEmailSender>();
            services.Replace(ServiceDescriptor.Singleton<IEmailSender>(sp => sp.GetRequiredService<SwitchableEmailSender>()));
        });
    }
}
