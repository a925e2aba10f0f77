using System.Text;
using Conciliazione.Domain.Grants;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Grants;

/// <summary>
/// Who may open and post to the controls pages (/Staff/Grants/Controls/...), which the review pages'
/// walk does not cover: anonymous visitors are sent to sign in; families, municipal referents and
/// auditors are refused; staff and admins of another alliance get 404 and change nothing.
/// </summary>
public sealed class ControlsAuthorizationTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<PortalClient> SignedInAsync(string role, Guid? allianceId = null)
    {
        var account = await TestAccounts.CreateAsync(factory, role, allianceId: allianceId, municipality: role == Roles.MunicipalReferent ? "Castellanza" : null);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(PortalClient client, string url, string? token)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Rule"] = "Count",
            ["Input.Value"] = "1",
            ["Input.Seed"] = "altro",
            ["Input.Outcome"] = "Failed",
            ["Input.Notes"] = "x",
            ["Revoke.Reasons"] = "x",
        };
        if (token is not null)
        {
            fields["__RequestVerificationToken"] = token;
        }

        using var content = new FormUrlEncodedContent(fields);
        return await client.Http.PostAsync(new Uri(url, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    private static bool IsForbidden(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Forbidden || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));

    private static bool IsLogin(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal);

    [Fact]
    public async Task ControlsPages_RefuseOthers_SendAnonymousToSignIn_AndAreHiddenFromAnotherAlliance()
    {
        var ct = TestContext.Current.CancellationToken;
        var staffAccount = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var callId = await GrantSeeds.ClosedCallAsync(factory, 1_000m);
        var ids = await GrantSeeds.ApplicationsAsync(factory, callId, [new SeedApplication(Isee: 5_000m), new SeedApplication(Isee: 9_000m), new SeedApplication(Isee: 12_000m)]);
        await GrantSeeds.FreezeAndPublishAsync(factory, callId, staffAccount.Id);
        Assert.Null((await GrantSeeds.WorkAsync(factory, w => w.RunFundingAsync(callId, GrantSeeds.Castellanza, staffAccount.Id, ct))).Error);
        var controlId = await factory.WithDbAsync(async db =>
        {
            var funded = await db.Applications.Where(a => a.CallId == callId && a.Status == Domain.Applications.ApplicationStatus.Funded)
                .Select(a => new { a.Id, a.ProtocolNumber }).ToListAsync(ct);
            var sample = ControlSample.Draw(GrantSeeds.Castellanza, callId, funded.Select(f => (f.Id, f.ProtocolNumber!)).ToList(), "seme", SampleRule.Count, 1m, staffAccount.Id, DateTimeOffset.UtcNow);
            db.ControlSamples.Add(sample);
            await db.SaveChangesAsync(ct);
            return sample.Controls.Single().Id;
        });
        var document = await factory.WithDbAsync(async db =>
        {
            var control = await db.SelfDeclarationControls.SingleAsync(c => c.Id == controlId, ct);
            var d = Domain.Applications.ApplicationDocument.Create(control.ApplicationId, control.DocumentKey, "verbale.pdf", Domain.Applications.UploadKind.Pdf, "%PDF-1.4\n%%EOF\n"u8.ToArray(), DateTimeOffset.UtcNow);
            db.ApplicationDocuments.Add(d);
            await db.SaveChangesAsync(ct);
            return d.Id;
        });
        var other = await AllianceBuilder.CreateOtherAllianceAsync(factory);
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using var anonymous = factory.CreatePortalClient();
        using var referent = await SignedInAsync(Roles.MunicipalReferent);
        using var auditor = await SignedInAsync(Roles.Auditor);
        using var staff = factory.CreatePortalClient();
        await staff.LoginAsync(staffAccount);
        using var foreignStaff = await SignedInAsync(Roles.Staff, other.Id);
        using var foreignAdmin = await SignedInAsync(Roles.Admin, other.Id);
        var tokens = new Dictionary<PortalClient, string>
        {
            [family.Portal] = await ReviewSeeds.TokenAsync(family.Portal, "/Family"),
            [referent] = await ReviewSeeds.TokenAsync(referent, "/Referent"),
            [auditor] = await ReviewSeeds.TokenAsync(auditor, "/Audit"),
            [foreignStaff] = await ReviewSeeds.TokenAsync(foreignStaff),
            [foreignAdmin] = await ReviewSeeds.TokenAsync(foreignAdmin),
        };

        var index = $"/Staff/Grants/Controls/{callId}";
        var control = $"{index}/{controlId}";
        var gets = new[] { index, control, $"{control}?handler=Document&documentId={document}" };
        var posts = new[] { index, $"{control}?handler=Upload", $"{control}?handler=Record", $"{control}?handler=Revoke" };

        // The pages work for the alliance's own staff, so the refusals below are about who asks.
        foreach (var url in gets)
        {
            using var own = await staff.GetAsync(url);
            Assert.True(own.StatusCode == HttpStatusCode.OK, $"staff GET {url} answered {(int)own.StatusCode}");
        }

        var downloads = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.EntityId == document.ToString(), ct));
        var problems = new StringBuilder();
        void Expect(bool ok, string what, HttpResponseMessage r)
        {
            if (!ok)
            {
                problems.Append(what).Append(" answered ").Append((int)r.StatusCode).Append(' ').AppendLine(r.Headers.Location?.OriginalString);
            }
        }

        foreach (var url in gets)
        {
            using (var r = await anonymous.GetAsync(url))
            {
                Expect(IsLogin(r), "anonymous GET " + url, r);
            }

            foreach (var (who, client) in new[] { ("family", family.Portal), ("referent", referent), ("auditor", auditor) })
            {
                using var r = await client.GetAsync(url);
                Expect(IsForbidden(r), who + " GET " + url, r);
            }

            foreach (var (who, client) in new[] { ("staff of another alliance", foreignStaff), ("admin of another alliance", foreignAdmin) })
            {
                using var r = await client.GetAsync(url);
                Expect(r.StatusCode == HttpStatusCode.NotFound, who + " GET " + url, r);
            }
        }

        foreach (var url in posts)
        {
            using (var r = await PostAsync(anonymous, url, null))
            {
                Expect(IsLogin(r), "anonymous POST " + url, r);
            }

            foreach (var (who, client) in new[] { ("family", family.Portal), ("referent", referent), ("auditor", auditor) })
            {
                using var r = await PostAsync(client, url, tokens[client]);
                Expect(IsForbidden(r), who + " POST " + url, r);
            }

            foreach (var (who, client) in new[] { ("staff of another alliance", foreignStaff), ("admin of another alliance", foreignAdmin) })
            {
                using var r = await PostAsync(client, url, tokens[client]);
                Expect(r.StatusCode == HttpStatusCode.NotFound, who + " POST " + url, r);
            }
        }

        Assert.True(problems.Length == 0, problems.ToString());

        // Nothing changed: one sample, the control pending, the application still funded, no download audited for outsiders.
        Assert.Equal(1, await factory.WithDbAsync(db => db.ControlSamples.CountAsync(ct)));
        Assert.Equal(ControlOutcome.Pending, await factory.WithDbAsync(db => db.SelfDeclarationControls.Where(c => c.Id == controlId).Select(c => c.Outcome).SingleAsync(ct)));
        Assert.Equal(3, await factory.WithDbAsync(db => db.Applications.CountAsync(a => ids.Contains(a.Id) && a.Status != Domain.Applications.ApplicationStatus.Revoked, ct)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.ApplicationDocuments.CountAsync(d => d.RequirementKey.StartsWith(SelfDeclarationControl.DocumentKeyPrefix), ct)));
        Assert.Equal(downloads, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.EntityId == document.ToString(), ct)));
    }
}
