using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>
/// An HttpClient that reads pages with AngleSharp and submits their forms the way a browser
/// would: every field of the form (the antiforgery token included) plus the values a test types.
/// </summary>
public sealed class PortalClient(HttpClient http, CookieContainer cookies) : IDisposable
{
    private static readonly IBrowsingContext Browsing = BrowsingContext.New(Configuration.Default);

    public HttpClient Http { get; } = http;

    public CookieContainer Cookies { get; } = cookies;

    /// <summary>The Cookie header this client would send: for replay tests.</summary>
    public string CookieHeader => Cookies.GetCookieHeader(new Uri("https://localhost/"));

    public async Task<HttpResponseMessage> GetAsync(string url) => await Http.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute), TestContext.Current.CancellationToken);

    public async Task<IHtmlDocument> GetDocumentAsync(string url)
    {
        using var response = await GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode} {response.Headers.Location}");
        }

        return await ParseAsync(response);
    }

    /// <summary>Parses a response as a document whose address is the request's URL (so forms post back there).</summary>
    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var address = response.RequestMessage?.RequestUri?.ToString() ?? "https://localhost/";
        return (IHtmlDocument)await Browsing.OpenAsync(r => r.Content(html).Address(address), TestContext.Current.CancellationToken);
    }

    /// <summary>Submits a form of <paramref name="page"/> with the given values over the form's own.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, IReadOnlyDictionary<string, string> values, string formSelector = "main form[method=post]", string? submitName = null, string? submitValue = null)
    {
        var form = page.QuerySelectorAll<IHtmlFormElement>(formSelector)
            .FirstOrDefault() ?? throw new InvalidOperationException("No form matches " + formSelector);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name: { Length: > 0 } name } input when input.Type is not ("submit" or "button" or "checkbox" or "radio"):
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlInputElement { Name: { Length: > 0 } name, IsChecked: true } check:
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

        if (submitName is not null)
        {
            fields.Add(new(submitName, submitValue ?? ""));
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action;
        using var content = new FormUrlEncodedContent(fields);
        return await Http.PostAsync(new Uri(target, UriKind.RelativeOrAbsolute), content, TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string url, IReadOnlyDictionary<string, string> values, string formSelector = "main form[method=post]")
    {
        var page = await GetDocumentAsync(url);
        return await SubmitAsync(page, values, formSelector);
    }

    public void Dispose() => Http.Dispose();
}

public static class DocumentExtensions
{
    public static string Text(this AngleSharp.Dom.IDocument document, string selector) =>
        document.QuerySelector(selector)?.TextContent.Trim() ?? "";

    public static IReadOnlyList<string> Errors(this AngleSharp.Dom.IDocument document) =>
        document.QuerySelectorAll(".invalid-feedback, #form-errors li").Select(e => e.TextContent.Trim()).ToList();
}

public static class TestClock
{
    /// <summary>The current year in Europe/Rome: the year protocol numbers carry.</summary>
    public static int RomeYear() => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).Year;
}
