using AngleSharp.Dom;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Admin;

public sealed class UsersTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task AdminInvitesAReferent_WhoSetsAPassword_AndMustEnrolTotp()
    {
        var admin = await TestAccounts.CreateAsync(Factory, Roles.Admin);
        using var adminClient = Factory.CreatePortalClient();
        await adminClient.LoginAsync(admin);
        var form = await adminClient.GetDocumentAsync("/Admin/Users/Create");
        var castellanza = form.QuerySelectorAll("#Input_MunicipalityId option").Single(o => o.TextContent == "Castellanza").GetAttribute("value")!;

        using var created = await adminClient.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Giulia Referente",
            ["Input.Email"] = "giulia.referente@example.org",
            ["Input.Role"] = Roles.MunicipalReferent,
            ["Input.MunicipalityId"] = castellanza,
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await adminClient.GetDocumentAsync("/Admin/Users");
        Assert.Contains(list.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains("Giulia Referente", StringComparison.Ordinal) && r.TextContent.Contains("Castellanza", StringComparison.Ordinal));

        using var invited = Factory.CreatePortalClient();
        var link = new Uri(Factory.Mailbox.LatestLinkTo("giulia.referente@example.org")).PathAndQuery;
        using var set = await invited.PostFormAsync(link, new Dictionary<string, string>
        {
            ["Input.Password"] = "la referente sceglie una frase",
            ["Input.ConfirmPassword"] = "la referente sceglie una frase",
        });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        await invited.LoginAsync(new TestAccount(Guid.Empty, "giulia.referente@example.org", "la referente sceglie una frase", null));
        using var dashboard = await invited.GetAsync("/Referent");
        Assert.StartsWith("/Account/Manage/EnableAuthenticator", dashboard.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.UserCreated && a.ActorId == admin.Id)));
    }

    [Fact]
    public async Task ReferentWithoutMunicipality_IsRefused_AndTheFormKeepsWhatWasTyped()
    {
        var admin = await TestAccounts.CreateAsync(Factory, Roles.Admin);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(admin);

        using var response = await client.PostFormAsync("/Admin/Users/Create", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Mario Senza Comune",
            ["Input.Email"] = "mario.senzacomune@example.org",
            ["Input.Role"] = Roles.MunicipalReferent,
            ["Input.MunicipalityId"] = "",
        });

        var page = await PortalClient.ParseAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Un referente comunale deve essere associato a un comune.", page.Errors());
        Assert.Equal("Mario Senza Comune", page.QuerySelector("#Input_DisplayName")!.GetAttribute("value"));
        Assert.False(await Factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "mario.senzacomune@example.org")));
    }

    [Fact]
    public async Task AdminOfAnotherAlliance_Gets404OnThisAlliancesUsers()
    {
        var other = Guid.NewGuid();
        await Factory.WithDbAsync(async db =>
        {
            db.Alliances.Add(new Conciliazione.Domain.Alliances.Alliance { Id = other, Slug = "altra", Name = "Altra alleanza", LeadPartnerName = "Altro capofila" });
            await db.SaveChangesAsync();
        });
        var staff = await TestAccounts.CreateAsync(Factory, Roles.Staff);
        var foreignAdmin = await TestAccounts.CreateAsync(Factory, Roles.Admin, allianceId: other);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(foreignAdmin);

        using var edit = await client.GetAsync($"/Admin/Users/Edit/{staff.Id}");
        var list = await client.GetDocumentAsync("/Admin/Users");

        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.DoesNotContain(staff.Email, list.Body!.TextContent, StringComparison.Ordinal);
    }
}
