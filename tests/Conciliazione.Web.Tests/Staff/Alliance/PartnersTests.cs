using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Alliance;

public sealed class PartnersTests(PortalFactory factory) : PortalTest(factory)
{
    private Task<int> PartnerCountAsync() =>
        Factory.WithDbAsync(db => db.Partners.CountAsync(p => p.AllianceId == CastellanzaPlan.AllianceId, TestContext.Current.CancellationToken));

    [Fact]
    public async Task List_ShowsThePlansPartners_WithTheLeadPartnerFirst()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var page = await client.GetDocumentAsync("/Staff/Alliance/Partners");

        var rows = page.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(13, rows.Count);
        Assert.Contains("Azienda Speciale Consortile Medio Olona Servizi alla Persona (capofila)", rows[0], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.Contains("Cooperativa Sociale Il Seme", StringComparison.Ordinal) && r.Contains("Cooperativa", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_DuplicateName_ShowsItalianMessage_KeepsWhatWasTyped_SavesNothing()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var form = await client.GetDocumentAsync("/Staff/Alliance/Partners/Create");

        using var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Name"] = "comune di marnate ",
            ["Input.Type"] = nameof(PartnerType.EntePubblico),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.Contains(PartnersTestsText.Duplicate, page.Errors());
        Assert.Equal("comune di marnate ", page.InputValue("#Input_Name"));
        Assert.Equal(13, await PartnerCountAsync());
    }

    [Fact]
    public async Task Create_WithoutType_AsksForIt()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        using var response = await client.PostFormAsync("/Staff/Alliance/Partners/Create", new Dictionary<string, string> { ["Input.Name"] = "Impresa Nuova Srl", ["Input.Type"] = "" });

        var page = await PortalClient.ParseAsync(response);
        Assert.Contains("Scegliere la tipologia dell'ente.", page.Errors());
        Assert.Equal(13, await PartnerCountAsync());
    }

    [Fact]
    public async Task Create_NewPartner_IsSaved_WithAnAuditRowNamingWhoAndWhen()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        using var response = await client.PostFormAsync("/Staff/Alliance/Partners/Create", new Dictionary<string, string>
        {
            ["Input.Name"] = "Impresa Esempio Srl",
            ["Input.Type"] = nameof(PartnerType.Impresa),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var partner = await Factory.WithDbAsync(db => db.Partners.AsNoTracking().SingleAsync(p => p.Name == "Impresa Esempio Srl", TestContext.Current.CancellationToken));
        Assert.Equal(PartnerType.Impresa, partner.Type);
        Assert.Equal(CastellanzaPlan.AllianceId, partner.AllianceId);
        var audit = await Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(a => a.Action == AuditActions.PartnerCreated, TestContext.Current.CancellationToken));
        Assert.Equal(staff.Id, audit.ActorId);
        Assert.Equal(partner.Id.ToString(), audit.EntityId);
        Assert.InRange(audit.OccurredAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Details_ShowsContactsAndThePlansCofinancing()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var marnate = await Factory.WithDbAsync(db => db.Partners.Where(p => p.Name == "Comune di Marnate").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken));

        var page = await client.GetDocumentAsync($"/Staff/Alliance/Partners/Details/{marnate}");

        Assert.Equal("Comune di Marnate", page.Text("h1"));
        Assert.Contains("referente.marnate@example.org", page.Body!.TextContent, StringComparison.Ordinal);
        var cells = page.QuerySelectorAll("[data-testid=cofinancing] td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal([CastellanzaPlan.CurrentProjectTitle, "1.550,00 €", "2.028,00 €", "3.578,00 €"], cells);
    }

    [Fact]
    public async Task Edit_AddAndRemoveContact_AreSavedAndAudited()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var seme = await Factory.WithDbAsync(db => db.Partners.Where(p => p.Name == "Cooperativa Sociale Il Seme").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken));
        var edit = await client.GetDocumentAsync($"/Staff/Alliance/Partners/Edit/{seme}");

        using var bad = await client.SubmitAsync(edit, new Dictionary<string, string> { ["Contact.FullName"] = "Anna Esempio", ["Contact.Role"] = "", ["Contact.Email"] = "non-una-mail" }, "#contact-form");
        var badPage = await PortalClient.ParseAsync(bad);
        Assert.Contains("Inserire il ruolo del referente.", badPage.Errors());
        Assert.Contains("L'indirizzo e-mail non è valido.", badPage.Errors());
        Assert.Equal("Anna Esempio", badPage.InputValue("#Contact_FullName"));

        using var added = await client.SubmitAsync(edit, new Dictionary<string, string> { ["Contact.FullName"] = "Anna Esempio", ["Contact.Role"] = "Coordinatrice", ["Contact.Email"] = "anna@example.org" }, "#contact-form");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var contacts = await Factory.WithDbAsync(db => db.PartnerContacts.Where(c => c.PartnerId == seme).Select(c => c.FullName).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Anna Esempio", contacts);

        var again = await client.GetDocumentAsync($"/Staff/Alliance/Partners/Edit/{seme}");
        var annaRow = again.QuerySelectorAll("tbody tr").First(r => r.TextContent.Contains("Anna Esempio", StringComparison.Ordinal));
        var confirm = await client.GetDocumentAsync(annaRow.QuerySelectorAll("a").First(a => a.TextContent.Contains("Rimuovi", StringComparison.Ordinal)).GetAttribute("href")!);
        Assert.Equal("Rimuovere il referente?", confirm.Text("h1"));
        Assert.True(await Factory.WithDbAsync(db => db.PartnerContacts.AnyAsync(c => c.FullName == "Anna Esempio", TestContext.Current.CancellationToken)));
        using var removed = await client.SubmitAsync(confirm, new Dictionary<string, string>(), "#remove-contact-form");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await Factory.WithDbAsync(db => db.PartnerContacts.AnyAsync(c => c.FullName == "Anna Esempio", TestContext.Current.CancellationToken)));

        var actions = await Factory.WithDbAsync(db => db.AuditEvents.Where(a => a.ActorId == staff.Id && a.EntityId == seme.ToString()).Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal([AuditActions.PartnerContactAdded, AuditActions.PartnerContactRemoved], actions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Edit_WhenSomeoneElseSavedMeanwhile_ShowsConcurrencyMessage_SavesNothing()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var totem = await Factory.WithDbAsync(db => db.Partners.Where(p => p.Name == "Società Cooperativa Sociale Totem Onlus").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken));
        var edit = await client.GetDocumentAsync($"/Staff/Alliance/Partners/Edit/{totem}");
        await Factory.WithDbAsync(async db =>
        {
            var p = await db.Partners.SingleAsync(x => x.Id == totem, TestContext.Current.CancellationToken);
            p.Revise("Totem Onlus (modificata da un collega)", PartnerType.Cooperativa);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        using var response = await client.SubmitAsync(edit, new Dictionary<string, string> { ["Input.Name"] = "Totem (mia modifica)" }, "#partner-form");

        var page = await PortalClient.ParseAsync(response);
        Assert.Contains(page.Errors(), e => e.StartsWith("Nel frattempo qualcun altro ha modificato questi dati", StringComparison.Ordinal));
        Assert.Equal("Totem (mia modifica)", page.InputValue("#Input_Name"));
        Assert.Equal("Totem Onlus (modificata da un collega)", await Factory.WithDbAsync(db => db.Partners.Where(p => p.Id == totem).Select(p => p.Name).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task EditContact_CorrectsItInPlace_KeepsWhatWasTypedOnError_AndAudits()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var (marnate, contactId) = await Factory.WithDbAsync(db => db.PartnerContacts.Where(c => c.Email == "referente.marnate@example.org")
            .Select(c => new ValueTuple<Guid, Guid>(c.PartnerId, c.Id)).SingleAsync(TestContext.Current.CancellationToken));
        var edit = await client.GetDocumentAsync($"/Staff/Alliance/Partners/Edit/{marnate}");
        var row = edit.QuerySelectorAll("tbody tr").First(r => r.TextContent.Contains("referente.marnate@example.org", StringComparison.Ordinal));
        var form = await client.GetDocumentAsync(row.QuerySelectorAll("a").First(a => a.TextContent.Contains("Modifica", StringComparison.Ordinal)).GetAttribute("href")!);
        Assert.Equal("referente.marnate@example.org", form.InputValue("#Contact_Email"));

        using var bad = await client.SubmitAsync(form, new Dictionary<string, string> { ["Contact.Role"] = "", ["Contact.Email"] = "nuova@example.org" }, "#contact-form");
        var badPage = await PortalClient.ParseAsync(bad);
        Assert.Contains("Inserire il ruolo del referente.", badPage.Errors());
        Assert.Equal("nuova@example.org", badPage.InputValue("#Contact_Email"));

        using var saved = await client.SubmitAsync(form, new Dictionary<string, string> { ["Contact.Role"] = "Assessore ai servizi sociali", ["Contact.Email"] = "nuova@example.org" }, "#contact-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var contact = await Factory.WithDbAsync(db => db.PartnerContacts.AsNoTracking().SingleAsync(c => c.Id == contactId, TestContext.Current.CancellationToken));
        Assert.Equal(("Assessore ai servizi sociali", "nuova@example.org"), (contact.Role, contact.Email));
        Assert.True(await Factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.ActorId == staff.Id && a.Action == AuditActions.PartnerContactUpdated && a.Details == contactId.ToString(), TestContext.Current.CancellationToken)));
    }
}

internal static class PartnersTestsText
{
    public const string Duplicate = "Esiste già un ente partner con questo nome nell'alleanza.";
}
