using AngleSharp.Html.Dom;
using Conciliazione.Web.Tests.Family.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Security;

/// <summary>An upload over the limit, whatever its size, brings the user back to the form with an Italian message.</summary>
public sealed class UploadLimitTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    private const string Message = "Il file è troppo grande";

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static TheoryData<int> Sizes => new() { 11, 50 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task FamilyDocument_OverTheLimit_ShowsItalianMessageOnTheForm(int megabytes)
    {
        var callId = await ApplicationSteps.OpenChildcareCallAsync(factory);
        using var browser = new SpidBrowser(factory);
        await browser.SignInAsync("maria-rossi");
        var id = await ApplicationSteps.StartAsync(browser.Portal, callId);
        var key = (await browser.Portal.GetDocumentAsync($"/Family/Applications/Documents/{id}")).QuerySelector("input[name=RequirementKey]")!.GetAttribute("value")!;

        using var response = await ApplicationSteps.UploadAsync(browser.Portal, id, key, BigPdf(megabytes), "isee.pdf");

        await AssertBackOnFormWithMessageAsync(browser.Portal, response, $"/Family/Applications/Documents/{id}");
        Assert.False(await factory.WithDbAsync(db => db.ApplicationDocuments.AnyAsync(d => d.ApplicationId == id, TestContext.Current.CancellationToken)));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task CallDocument_OverTheLimit_ShowsItalianMessageOnTheForm(int megabytes)
    {
        var id = await CallSeeds.CallAsync(factory, DateTimeOffset.UtcNow, publish: false);
        await factory.WithDbAsync(db => db.CallDocuments.Where(d => d.CallId == id).ExecuteDeleteAsync(TestContext.Current.CancellationToken));
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;
        var edit = await client.GetDocumentAsync($"/Staff/Calls/Edit/{id}");

        using var response = await PostDocumentAsync(client, edit, BigPdf(megabytes));

        await AssertBackOnFormWithMessageAsync(client, response, $"/Staff/Calls/Edit/{id}");
        Assert.False(await factory.WithDbAsync(db => db.CallDocuments.AnyAsync(d => d.CallId == id, TestContext.Current.CancellationToken)));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task AgreementDocument_OverTheLimit_ShowsItalianMessageOnTheForm(int megabytes)
    {
        var providerId = await CallSeeds.ProviderAsync(factory);
        var agreementId = await factory.WithDbAsync(db => db.Agreements.Where(a => a.ProviderId == providerId).Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken));
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _c = client;
        var page = await client.GetDocumentAsync($"/Staff/Providers/Agreement/{agreementId}");

        using var response = await PostDocumentAsync(client, page, BigPdf(megabytes));

        await AssertBackOnFormWithMessageAsync(client, response, $"/Staff/Providers/Agreement/{agreementId}");
        Assert.False(await factory.WithDbAsync(db => db.AgreementDocuments.AnyAsync(d => d.AgreementId == agreementId, TestContext.Current.CancellationToken)));
    }

    private static byte[] BigPdf(int megabytes)
    {
        var bytes = new byte[megabytes * 1024 * 1024];
        "%PDF-"u8.CopyTo(bytes);
        return bytes;
    }

    private static async Task<HttpResponseMessage> PostDocumentAsync(PortalClient client, IHtmlDocument page, byte[] content)
    {
        // The form holding the file field, posted with everything else it carries (the call's edit
        // page saves its fields and the document in one form).
        var form = page.QuerySelectorAll("form").First(f => f.QuerySelector("input[type=file][name=document]") is not null);
        using var body = new MultipartFormDataContent();
        foreach (var input in form.QuerySelectorAll("input[name]"))
        {
            var type = input.GetAttribute("type") ?? "text";
            if (type == "file" || ((type == "checkbox" || type == "radio") && !input.HasAttribute("checked")))
            {
                continue;
            }

            body.Add(new StringContent(input.GetAttribute("value") ?? ""), input.GetAttribute("name")!);
        }

        foreach (var area in form.QuerySelectorAll("textarea[name]"))
        {
            body.Add(new StringContent(area.TextContent), area.GetAttribute("name")!);
        }

        foreach (var select in form.QuerySelectorAll("select[name]"))
        {
            var chosen = select.QuerySelector("option[selected]") ?? select.QuerySelector("option");
            body.Add(new StringContent(chosen?.GetAttribute("value") ?? ""), select.GetAttribute("name")!);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        body.Add(file, "document", "documento.pdf");
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action;
        return await client.Http.PostAsync(new Uri(target, UriKind.Relative), body, TestContext.Current.CancellationToken);
    }

    private static async Task AssertBackOnFormWithMessageAsync(PortalClient client, HttpResponseMessage response, string formPath)
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            // Within the transport limit: the page itself refused the file, with its own message.
            Assert.Contains((await PortalClient.ParseAsync(response)).Errors(), e => e.Contains("10 MB", StringComparison.Ordinal));
            return;
        }

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(formPath, response.Headers.Location!.OriginalString);
        var page = await client.GetDocumentAsync(formPath);
        Assert.Contains(page.Errors().Concat([page.Body!.TextContent]), e => e.Contains(Message, StringComparison.Ordinal));
        // Shown once: a reload does not repeat it.
        var again = await client.GetDocumentAsync(formPath);
        Assert.DoesNotContain(Message, again.Body!.TextContent, StringComparison.Ordinal);
    }
}
