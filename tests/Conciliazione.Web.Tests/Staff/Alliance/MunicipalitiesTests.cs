using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Alliance;

public sealed class MunicipalitiesTests(PortalFactory factory) : PortalTest(factory)
{
    private Task<int> CountAsync() =>
        Factory.WithDbAsync(db => db.Municipalities.CountAsync(m => m.AllianceId == CastellanzaPlan.AllianceId, TestContext.Current.CancellationToken));

    [Fact]
    public async Task List_ShowsTheSixteenMunicipalities_WithIstatCodes()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync("/Staff/Alliance/Municipalities");

        var rows = page.QuerySelectorAll("[data-testid=municipality]").Select(r => string.Join("|", r.Children.Select(c => c.TextContent.Trim()))).ToList();
        Assert.Equal(16, rows.Count);
        Assert.Contains("Ambito di Castellanza|Castellanza|012042", rows);
        Assert.Contains("Ambito di Somma Lombardo|Vizzola Ticino|012140", rows);
    }

    [Theory]
    [InlineData("marnate", "012999", "Input.Name", "Questo comune fa già parte dell'alleanza.")]
    [InlineData("Comune Nuovo", "012042", "Input.IstatCode", "Un altro comune dell'alleanza ha già questo codice ISTAT.")]
    [InlineData("Comune Nuovo", "12042", "Input.IstatCode", "Il codice ISTAT è di 6 cifre (per esempio 012042).")]
    public async Task Add_Duplicate_OrBadCode_ShowsItalianMessage_KeepsWhatWasTyped_SavesNothing(string name, string istat, string field, string message)
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Alliance/Municipalities");
        var district = form.QuerySelectorAll("#Input_DistrictId option").First(o => o.TextContent == "Ambito di Castellanza").GetAttribute("value")!;

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Name"] = name, ["Input.IstatCode"] = istat, ["Input.DistrictId"] = district });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Equal(message, page.QuerySelector($"#{field.Replace('.', '_')}-error")!.TextContent);
        Assert.Equal(name, page.InputValue("#Input_Name"));
        Assert.Equal(istat, page.InputValue("#Input_IstatCode"));
        Assert.Equal(16, await CountAsync());
    }

    [Fact]
    public async Task Add_NewMunicipality_IsSavedAndAudited()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Alliance/Municipalities");
        var district = form.QuerySelectorAll("#Input_DistrictId option").First(o => o.TextContent == "Ambito di Somma Lombardo").GetAttribute("value")!;

        using var response = await client.SubmitAsync(form, new Dictionary<string, string> { ["Input.Name"] = "Comune Esempio", ["Input.IstatCode"] = "012998", ["Input.DistrictId"] = district });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(17, await CountAsync());
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == AuditActions.MunicipalityCreated && a.ActorId == staff.Id, TestContext.Current.CancellationToken)));
    }
}
