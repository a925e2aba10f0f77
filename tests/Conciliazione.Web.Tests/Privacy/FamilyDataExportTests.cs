using System.IO.Compression;
using System.Text.Json;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Privacy;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Vouchers.FamilyVoucherSteps;

namespace Conciliazione.Web.Tests.Privacy;

/// <summary>
/// "Scarica i tuoi dati" on the family profile (ADR 0138): the ZIP holds the family's own applications,
/// documents and JSON fields and nothing of another family's; only a family may download it; each
/// download leaves an audit row with counts only; a sixth download in a day is refused.
/// </summary>
public sealed class FamilyDataExportTests(PortalFactory factory) : PortalTest(factory)
{
    private const string ExportUrl = "/Family/Profile?handler=Export";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_HoldsTheFamilysOwnApplicationDocumentsAndFields_AndNothingOfAnotherFamily()
    {
        using var live = await LiveAsync(Factory, families: 2);
        var mine = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% ricevuta della famiglia 1\n%%EOF\n");
        var theirs = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% ricevuta della famiglia 2\n%%EOF\n");
        var protocols = await Factory.WithDbAsync(async db =>
        {
            var applications = await db.Applications.Include(a => a.Documents).Where(a => live.Funded.ApplicationIds.Contains(a.Id)).ToListAsync(Ct);
            applications.Single(a => a.Id == live.Funded.ApplicationIds[0]).AttachReceipt(mine, DateTimeOffset.UtcNow);
            applications.Single(a => a.Id == live.Funded.ApplicationIds[1]).AttachReceipt(theirs, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(Ct);
            return live.Funded.ApplicationIds.Select(id => applications.Single(a => a.Id == id).ProtocolNumber!).ToList();
        });

        var token = await ReviewSeeds.TokenAsync(live.Family, "/Family");
        using var response = await PostAsync(live.Family, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches("^conciliazione-dati-personali-[0-9]{8}\\.zip$", disposition.FileNameStar ?? disposition.FileName!.Trim('"'));

        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)));
        var json = Read(zip, FamilyDataExport.JsonEntry);
        using var data = JsonDocument.Parse(json);
        var applications = data.RootElement.GetProperty("applications");
        var application = Assert.Single(applications.EnumerateArray());
        Assert.Equal(protocols[0], application.GetProperty("protocolNumber").GetString());
        Assert.Equal("Prova 1", application.GetProperty("applicant").GetProperty("familyName").GetString());
        Assert.Equal(5_000m, application.GetProperty("isee").GetProperty("value").GetDecimal());
        Assert.Equal(ChildOf(0), application.GetProperty("household").GetProperty("children")[0].GetProperty("fiscalCode").GetString());
        Assert.NotEmpty(application.GetProperty("history").EnumerateArray());
        Assert.Equal(350m, application.GetProperty("grant").GetProperty("amount").GetDecimal());
        Assert.StartsWith("CNZ-", application.GetProperty("voucher").GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.Contains("ente capofila", application.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("by").GetString()));
        Assert.True(data.RootElement.TryGetProperty("identity", out _));
        Assert.True(data.RootElement.TryGetProperty("contacts", out _));
        Assert.True(data.RootElement.TryGetProperty("messages", out _));

        // The family's own receipt PDF is in the ZIP, byte for byte, and the rendered voucher too.
        var documentPath = application.GetProperty("documents").EnumerateArray()
            .Single(d => d.GetProperty("requirementKey").GetString() == "ricevuta").GetProperty("file").GetString()!;
        Assert.Equal(mine, ReadBytes(zip, documentPath));
        var voucherPdf = ReadBytes(zip, application.GetProperty("voucher").GetProperty("file").GetString()!);
        Assert.Equal("%PDF"u8.ToArray(), voucherPdf[..4]);

        // Nothing of the other family: not its protocol, its name, its child, nor its file.
        Assert.DoesNotContain(protocols[1], json, StringComparison.Ordinal);
        Assert.DoesNotContain("Prova 2", json, StringComparison.Ordinal);
        Assert.DoesNotContain(ChildOf(1), json, StringComparison.Ordinal);
        Assert.DoesNotContain(zip.Entries, e => ReadBytes(zip, e.FullName).SequenceEqual(theirs));

        // Audited, with counts only.
        var audit = await Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.Action == AuditActions.FamilyDataExported, Ct));
        Assert.Equal(live.Funded.FamilyIds[0], audit.ActorId);
        var messages = await Factory.WithDbAsync(db => db.Notifications.CountAsync(n => n.FamilyUserId == live.Funded.FamilyIds[0], Ct));
        Assert.Equal($"applications=1;files=2;messages={messages}", audit.Details);
        Assert.Equal(messages, data.RootElement.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Export_IsRefusedToAnonymousStaffAndReferents()
    {
        using var anonymous = Factory.CreatePortalClient();
        using (var anon = await anonymous.Http.PostAsync(new Uri(ExportUrl, UriKind.Relative), new FormUrlEncodedContent([]), Ct))
        {
            Assert.True(anon.StatusCode == HttpStatusCode.Redirect && anon.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal), "anonymous: " + anon.StatusCode);
        }

        foreach (var (role, landing, municipality) in new[] { (Roles.Staff, "/Staff", (string?)null), (Roles.MunicipalReferent, "/Referent", "Castellanza") })
        {
            var account = await TestAccounts.CreateAsync(Factory, role, municipality: municipality);
            using var client = Factory.CreatePortalClient();
            await client.LoginAsync(account);
            var token = (await client.GetDocumentAsync(landing)).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
            using var post = await PostAsync(client, token);
            Assert.True(
                post.StatusCode == HttpStatusCode.Forbidden
                || (post.StatusCode == HttpStatusCode.Redirect && post.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal)),
                role + ": " + post.StatusCode);
            Assert.NotEqual("application/zip", post.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(0, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.FamilyDataExported, Ct)));
    }

    [Fact]
    public async Task Export_BeyondTheDailyLimit_IsRefusedWithAnItalianMessage()
    {
        var family = await TestAccounts.CreateAsync(Factory, Roles.Family, withTotp: false);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(family);
        var token = await ReviewSeeds.TokenAsync(client, "/Family");
        for (var i = 0; i < FamilyDataExport.ExportsPerDay; i++)
        {
            using var ok = await PostAsync(client, token);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await PostAsync(client, token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("riprova domani", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(FamilyDataExport.ExportsPerDay, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditActions.FamilyDataExported, Ct)));
    }

    private static Task<HttpResponseMessage> PostAsync(PortalClient client, string token) =>
        client.Http.PostAsync(new Uri(ExportUrl, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
