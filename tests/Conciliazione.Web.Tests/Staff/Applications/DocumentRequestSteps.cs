using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Applications;

/// <summary>Applications under review, and document requests on them, built straight through the domain.</summary>
public static class DocumentRequestSteps
{
    public sealed record Seeded(Guid ApplicationId, Guid CallId, TestAccount Family, string Protocol);

    /// <summary>A family (password account, with a profile and a verified address) whose application is in review, taken in charge by <paramref name="reviewerId"/>.</summary>
    public static async Task<Seeded> InReviewAsync(PortalFactory factory, Guid reviewerId, string protocol = "2026/000042", ApplicationStatus status = ApplicationStatus.InReview, string familyEmail = "famiglia@example.org")
    {
        var now = DateTimeOffset.UtcNow;
        var callId = await CallSeeds.CallAsync(factory, now.AddDays(-20), reference: "AV-" + protocol[^3..]);
        var family = await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false);
        var id = await factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            db.FamilyProfiles.Add(FamilyProfile.Create(family.Id, new AssertedIdentity("Maria", "Rossi", null, familyEmail), now));
            var versionId = await db.CallVersions.Where(v => v.CallId == callId).OrderByDescending(v => v.Number).Select(v => v.Id).FirstAsync(ct);
            var application = Application.StartDraft(CastellanzaPlan.AllianceId, callId, family.Id, new ApplicantSection { GivenName = "Maria", FamilyName = "Rossi" }, now.AddDays(-10));
            application.Submit(versionId, protocol, Guid.NewGuid(), now.AddDays(-9));
            if (status != ApplicationStatus.Submitted)
            {
                application.TakeInCharge(reviewerId, now.AddDays(-8));
            }

            db.Applications.Add(application);
            await db.SaveChangesAsync(ct);
            return application.Id;
        });
        return new Seeded(id, callId, family, protocol);
    }

    /// <summary>Opens a request (as staff would) with the call's first document and one free item.</summary>
    public static Task<Guid> RequestAsync(PortalFactory factory, Guid applicationId, Guid by, DateTimeOffset dueAt, DateTimeOffset? at = null) => factory.WithDbAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var application = await db.Applications.Include(a => a.DocumentRequests).SingleAsync(a => a.Id == applicationId, ct);
        var request = application.RequestDocuments(
            [new RequestedItem("doc-1", "Attestazione ISEE"), new RequestedItem("altro-1", "Contratto con il nido")],
            "Serve l'attestazione aggiornata e il contratto firmato.",
            dueAt,
            by,
            at ?? DateTimeOffset.UtcNow.AddDays(-1));
        await db.SaveChangesAsync(ct);
        return request.Id;
    });

    public static Task<Application> LoadAsync(PortalFactory factory, Guid applicationId) => factory.WithDbAsync(db =>
        db.Applications.AsNoTracking().Include(a => a.DocumentRequests).Include(a => a.Documents).Include(a => a.History)
            .AsSplitQuery().SingleAsync(a => a.Id == applicationId, TestContext.Current.CancellationToken));

    public static async Task<PortalClient> SignedInAsync(PortalFactory factory, TestAccount account)
    {
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    public static bool IsChecked(this IHtmlDocument page, string selector) => page.QuerySelector<IHtmlInputElement>(selector)?.IsChecked == true;
}
