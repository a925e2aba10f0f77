using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Applications;

/// <summary>
/// Applications for review tests, built with intent and cheaply: drafts through the domain, the
/// submission in SQL (the trigger only allows Draft -> Submitted), review steps through the domain.
/// </summary>
public static class ReviewSeeds
{
    /// <summary>"2026/000007": the protocol numbers tests give, in the portal's format.</summary>
    public static string Protocol(int number) => ProtocolNumbers.Format(TestClock.RomeYear(), number);

    /// <summary><paramref name="count"/> submitted applications of one family to <paramref name="callId"/>, numbered from <paramref name="first"/>.</summary>
    public static async Task<IReadOnlyList<Guid>> SubmittedAsync(PortalFactory factory, Guid callId, int count, int first = 1, Guid? municipalityId = null, IReadOnlyList<string>? flags = null)
    {
        var family = await TestAccounts.CreateAsync(factory, Roles.Family, withTotp: false);
        return await factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var now = DateTimeOffset.UtcNow;
            var allianceId = await db.Calls.Where(c => c.Id == callId).Select(c => c.AllianceId).SingleAsync(ct);
            var ids = new List<Guid>();
            for (var i = 0; i < count; i++)
            {
                var application = Application.StartDraft(allianceId, callId, family.Id, new ApplicantSection(), now);
                application.UpdateEmployment(new EmploymentSection(), municipalityId, now);
                application.SetFlags(flags ?? []);
                db.Applications.Add(application);
                ids.Add(application.Id);
            }

            await db.SaveChangesAsync(ct);
            for (var i = 0; i < count; i++)
            {
                var protocol = Protocol(first + i);
                var id = ids[i];
                await db.Database.ExecuteSqlAsync(
                    $"UPDATE applications SET status = 'Submitted', protocol_number = {protocol}, submitted_at = {now.AddMinutes(i)} WHERE id = {id}", ct);
            }

            return ids;
        });
    }

    public static async Task<Guid> OneAsync(PortalFactory factory, Guid callId, int number, Guid? municipalityId = null, IReadOnlyList<string>? flags = null) =>
        (await SubmittedAsync(factory, callId, 1, number, municipalityId, flags)).Single();

    /// <summary>Runs review steps on a seeded application through the domain and saves them.</summary>
    public static Task ReviewAsync(PortalFactory factory, Guid applicationId, Action<Application> step) => factory.WithDbAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var application = await db.Applications.Include(a => a.History).Include(a => a.DocumentRequests).SingleAsync(a => a.Id == applicationId, ct);
        step(application);
        await db.SaveChangesAsync(ct);
    });

    /// <summary>Taken in charge by <paramref name="reviewerId"/>, then a document request due at <paramref name="dueAt"/> (past or future).</summary>
    /// <remarks>Two saves: the trigger checks each UPDATE's (old, new) pair, and Submitted -> DocumentsRequested is not one.</remarks>
    public static async Task DocumentsRequestedAsync(PortalFactory factory, Guid applicationId, Guid reviewerId, DateTimeOffset dueAt)
    {
        var asked = dueAt.AddDays(-DocumentRequest.DefaultDays);
        await ReviewAsync(factory, applicationId, a => a.TakeInCharge(reviewerId, asked));
        await ReviewAsync(factory, applicationId, a =>
            a.RequestDocuments([new RequestedItem("doc-1", "Attestazione ISEE")], "Serve l'attestazione ISEE aggiornata.", dueAt, reviewerId, asked));
    }

    public static Task<Application> LoadAsync(PortalFactory factory, Guid id) => factory.WithDbAsync(db =>
        db.Applications.AsNoTracking().Include(a => a.History).SingleAsync(a => a.Id == id, TestContext.Current.CancellationToken));

    public static Task<int> AuditCountAsync(PortalFactory factory, string action, Guid applicationId) => factory.WithDbAsync(db =>
        db.AuditEvents.CountAsync(e => e.Action == action && e.EntityId == applicationId.ToString(), TestContext.Current.CancellationToken));

    public static Task<Guid> MunicipalityAsync(PortalFactory factory, string name) => factory.WithDbAsync(db =>
        db.Municipalities.Where(m => m.AllianceId == Conciliazione.Domain.Seeding.CastellanzaPlan.AllianceId && m.Name == name).Select(m => m.Id).SingleAsync(TestContext.Current.CancellationToken));

    /// <summary>The antiforgery token any page of the signed-in client carries (the language form of the layout).</summary>
    public static async Task<string> TokenAsync(PortalClient client, string url = "/Staff")
    {
        var page = await client.GetDocumentAsync(url);
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }
}
