using AngleSharp.Html.Dom;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Calls;

/// <summary>The call's edit page keeps everything typed: one form, one save, amounts shown as people read them.</summary>
public sealed class CallEditFormTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task TickingAProvider_ThenUploadingThePdf_SavesBothTogether()
    {
        var provider = await CallSeeds.ProviderAsync(Factory);
        var id = await CallSeeds.CallAsync(Factory, Now, publish: false);
        await Factory.WithDbAsync(db => db.CallDocuments.Where(d => d.CallId == id).ExecuteDeleteAsync(TestContext.Current.CancellationToken));
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var edit = await client.GetDocumentAsync($"/Staff/Calls/Edit/{id}");

        using var response = await CallEditForm.SubmitWithFileAsync(client, edit, new Dictionary<string, string>
        {
            ["Input.ProviderIds"] = provider.ToString(),
            ["Input.Title"] = "Voucher infanzia 2018 (rivisto)",
        }, "bando.pdf", CallSeeds.Pdf);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var call = await CallSeeds.LoadCallAsync(Factory, id);
        Assert.Equal("Voucher infanzia 2018 (rivisto)", call.Title);
        Assert.Equal([provider], call.Providers.Select(p => p.ProviderId));
        Assert.Equal("bando.pdf", call.DocumentFileName);
        Assert.True(await Factory.WithDbAsync(db => db.CallDocuments.AnyAsync(d => d.CallId == id, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task UploadWithAnErrorElsewhere_KeepsTheTicks_AndAsksForTheFileAgain()
    {
        var provider = await CallSeeds.ProviderAsync(Factory);
        var id = await CallSeeds.CallAsync(Factory, Now, publish: false);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var edit = await client.GetDocumentAsync($"/Staff/Calls/Edit/{id}");

        using var response = await CallEditForm.SubmitWithFileAsync(client, edit, new Dictionary<string, string>
        {
            ["Input.ProviderIds"] = provider.ToString(),
            ["Input.Title"] = "",
        }, "bando.pdf", CallSeeds.Pdf);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        Assert.True(((IHtmlInputElement)page.QuerySelector($"input[name='Input.ProviderIds'][value='{provider}']")!).IsChecked);
        Assert.Contains("sceglierlo di nuovo", page.Text("#document-error"), StringComparison.Ordinal);
        Assert.Empty((await CallSeeds.LoadCallAsync(Factory, id)).Providers);
    }

    [Fact]
    public async Task SavedAmount_ComesBackWithItsThousandsSeparator()
    {
        var id = await CallSeeds.CallAsync(Factory, Now, publish: false, budget: 12_500.5m);
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;

        var edit = await client.GetDocumentAsync($"/Staff/Calls/Edit/{id}");
        Assert.Equal("12.500,50", edit.InputValue("#Input_Budget"));

        using var again = await CallEditForm.SubmitWithFileAsync(client, edit, new Dictionary<string, string>(), null, null);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(12_500.5m, (await CallSeeds.LoadCallAsync(Factory, id)).Budget);
    }
}

/// <summary>Submits the call's edit form as a browser does: every field, the ticks, and the chosen file.</summary>
public static class CallEditForm
{
    public static async Task<HttpResponseMessage> SubmitWithFileAsync(PortalClient client, IHtmlDocument page, IReadOnlyDictionary<string, string> values, string? fileName, byte[]? content)
    {
        var form = (IHtmlFormElement)page.QuerySelector("#call-form")!;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name: { Length: > 0 } name } input when input.Type is not ("submit" or "button" or "checkbox" or "radio" or "file"):
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlInputElement { Name: { Length: > 0 } name, IsChecked: true } check when check.Type is "checkbox" or "radio":
                    fields.Add(new(name, check.Value));
                    break;
                case IHtmlSelectElement { Name: { Length: > 0 } name } select:
                    fields.Add(new(name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement { Name: { Length: > 0 } name } area:
                    fields.Add(new(name, area.Value));
                    break;
                default:
                    break;
            }
        }

        foreach (var (name, value) in values)
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }

        using var body = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            body.Add(new StringContent(value), name);
        }

        if (fileName is not null && content is not null)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            body.Add(file, "document", fileName);
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action;
        return await client.Http.PostAsync(new Uri(target, UriKind.Relative), body, TestContext.Current.CancellationToken);
    }
}
