using Conciliazione.Domain.Data;
using Conciliazione.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Notifications;

/// <summary>
/// The one way to tell a family about a change: <c>await Outbox.AddAsync(db, familyId, model, now, ct)</c>
/// before the caller's SaveChanges. The outbox row commits (or rolls back) with the change; after
/// the commit <see cref="OutboxDispatcher"/> hands it to a Hangfire job.
/// </summary>
public static class Outbox
{
    public static async Task<Notification> AddAsync(
        AppDbContext db,
        Guid familyUserId,
        INotificationModel model,
        DateTimeOffset now,
        CancellationToken ct,
        Guid? attachReceiptOf = null,
        DateOnly? dayKey = null)
    {
        var template = NotificationTemplates.For(model);
        var profile = await db.FamilyProfiles.AsNoTracking()
            .Where(p => p.UserId == familyUserId)
            .Select(p => new { p.EmailLanguage, p.ContactEmail, p.ContactEmailVerifiedAt, p.IdentityEmail })
            .FirstOrDefaultAsync(ct);
        // FamilyProfile.VerifiedEmail, spelled out so EF can project it.
        var to = profile is null ? null
            : profile.ContactEmail is not null && profile.ContactEmailVerifiedAt is not null ? profile.ContactEmail
            : profile.IdentityEmail;
        var notification = Notification.Create(
            familyUserId,
            template.Kind,
            model.SubjectId,
            profile?.EmailLanguage ?? "it",
            NotificationTemplates.Serialize(model),
            to,
            now,
            dayKey,
            attachReceiptOf);
        db.Notifications.Add(notification);
        return notification;
    }
}
