using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Projects;

namespace Conciliazione.Web.Tests.Infrastructure;

public sealed record OtherAlliance(Guid Id, Guid PartnerId, Guid ProjectId, Guid ActionId);

/// <summary>Builds records with intent for tests: a second alliance, a signed-in staff member.</summary>
public static class AllianceBuilder
{
    public const string OtherPartnerName = "Comune di Altrove";
    public const string OtherMunicipalityName = "Altrove";
    public const string OtherProjectTitle = "Progetto dell'altra alleanza";

    /// <summary>A second alliance with one district, municipality, partner and project.</summary>
    public static async Task<OtherAlliance> CreateOtherAllianceAsync(PortalFactory factory)
    {
        var id = Guid.NewGuid();
        var partner = Partner.Create(Guid.NewGuid(), id, OtherPartnerName, PartnerType.EntePubblico, isLeadPartner: true);
        var project = Project.Create(Guid.NewGuid(), id, OtherProjectTitle, "Piano di prova", new DateOnly(2017, 1, 1), new DateOnly(2018, 12, 31));
        var action = project.AddAction("A", new ActionTexts("Azione dell'altra alleanza", null, null, null, null, null, null));
        await factory.WithDbAsync(async db =>
        {
            var alliance = new Domain.Alliances.Alliance { Id = id, Name = "Alleanza di prova", Slug = "altra-" + id.ToString("N")[..8], LeadPartnerName = OtherPartnerName };
            var district = new District { Id = Guid.NewGuid(), AllianceId = id, Name = "Ambito di Altrove" };
            district.Municipalities.Add(new Municipality { Id = Guid.NewGuid(), AllianceId = id, Name = OtherMunicipalityName, IstatCode = "099999" });
            alliance.Districts.Add(district);
            db.Alliances.Add(alliance);
            db.Partners.Add(partner);
            db.Projects.Add(project);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return new OtherAlliance(id, partner.Id, project.Id, action.Id);
    }

    /// <summary>A staff member of <paramref name="allianceId"/> (Castellanza by default), signed in with TOTP.</summary>
    public static async Task<(PortalClient Client, TestAccount Account)> SignedInStaffAsync(PortalFactory factory, Guid? allianceId = null)
    {
        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff, allianceId: allianceId);
        var client = factory.CreatePortalClient();
        await client.LoginAsync(staff);
        return (client, staff);
    }
}

public static class FormReading
{
    /// <summary>What an input or textarea shows (i.e. what the user typed, kept after an error).</summary>
    public static string? InputValue(this AngleSharp.Dom.IDocument document, string selector) => document.QuerySelector(selector) switch
    {
        AngleSharp.Html.Dom.IHtmlInputElement input => input.Value,
        AngleSharp.Html.Dom.IHtmlTextAreaElement area => area.Value,
        _ => null,
    };
}
