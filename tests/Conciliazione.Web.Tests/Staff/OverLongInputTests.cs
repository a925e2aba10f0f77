using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Identity;

namespace Conciliazione.Web.Tests.Staff;

/// <summary>
/// Over-long text must come back as an Italian validation message on its field, never as a 500
/// (a column's length is a validation rule). The forms are discovered, not listed: every page an
/// admin reaches by links from the staff and admin homes is read, and each of its POST forms is
/// sent with every text field 10,000 characters long.
/// </summary>
public sealed partial class OverLongInputTests(PortalFactory factory) : PortalTest(factory)
{
    /// <summary>Longer than the longest column (8,000 characters for a call's description).</summary>
    private const int Length = 10_000;

    [Fact]
    public async Task EveryStaffAndAdminForm_WithOverLongText_AnswersWithAnItalianMessageOnEachField()
    {
        var now = DateTimeOffset.UtcNow;
        var provider = await CallSeeds.ProviderAsync(Factory);
        await CallSeeds.CallAsync(Factory, now, publish: false, reference: "AV-BOZZA", title: "Bando in bozza", providerId: provider);
        await CallSeeds.CallAsync(Factory, now, freeze: true, reference: "AV-PUBBL", title: "Bando pubblicato");
        var admin = await TestAccounts.CreateAsync(Factory, Roles.Admin);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(admin);

        var forms = 0;
        var failures = new List<string>();
        foreach (var url in await CrawlAsync(client, ["/Staff", "/Admin/Users"]))
        {
            using var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var page = await PortalClient.ParseAsync(response);
            var postForms = page.QuerySelectorAll<IHtmlFormElement>("main form").Where(f => f.Method.Equals("post", StringComparison.OrdinalIgnoreCase)).ToList();
            for (var i = 0; i < postForms.Count; i++)
            {
                var texts = TextFields(postForms[i]).ToList();
                if (texts.Count == 0)
                {
                    continue;
                }

                forms++;
                var formId = "overlong-form-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                postForms[i].Id = formId;
                var values = texts.ToDictionary(t => t.Name, t => t.Value);
                using var posted = await client.SubmitAsync(page, values, "#" + formId);
                var where = $"{url} form {i} ({postForms[i].GetAttribute("action")})";
                if (posted.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{where}: answered {(int)posted.StatusCode} {posted.Headers.Location}");
                    continue;
                }

                var answer = await PortalClient.ParseAsync(posted);
                foreach (var (name, _) in texts)
                {
                    var field = answer.QuerySelectorAll("[name]").FirstOrDefault(e => e.GetAttribute("name") == name);
                    var fieldId = field?.Id;
                    var error = fieldId is null ? null : answer.GetElementById(fieldId + "-error")?.TextContent.Trim();
                    if (string.IsNullOrEmpty(error))
                    {
                        failures.Add($"{where}: no error on {name}");
                    }
                    else if (!ItalianMessage().IsMatch(error))
                    {
                        failures.Add($"{where}: {name} says \"{error}\"");
                    }
                }
            }
        }

        Assert.True(forms >= 15, $"only {forms} forms found");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>Text, e-mail, phone, address and free-text fields filled so that only their length is wrong.</summary>
    private static IEnumerable<(string Name, string Value)> TextFields(IHtmlFormElement form)
    {
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name: { Length: > 0 } name, Type: "email" }:
                    yield return (name, new string('a', Length) + "@example.org");
                    break;
                case IHtmlInputElement { Name: { Length: > 0 } name, Type: "url" }:
                    yield return (name, "https://example.org/" + new string('a', Length));
                    break;
                case IHtmlInputElement { Name: { Length: > 0 } name, Type: "text" or "tel" or "search" } input when input.GetAttribute("inputmode") is not ("decimal" or "numeric"):
                    yield return (name, new string('a', Length));
                    break;
                case IHtmlTextAreaElement { Name: { Length: > 0 } name }:
                    yield return (name, new string('a', Length));
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Pages under the given roots reachable by links, one per address shape (ids folded).</summary>
    private static async Task<IReadOnlyList<string>> CrawlAsync(PortalClient client, IReadOnlyList<string> roots)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var shapes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>(roots);
        var result = new List<string>();
        while (queue.Count > 0 && result.Count < 200)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url) || !shapes.Add(Guids().Replace(url, "{id}")))
            {
                continue;
            }

            using var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            result.Add(url);
            var page = await PortalClient.ParseAsync(response);
            foreach (var href in page.QuerySelectorAll("main a[href]").Select(a => a.GetAttribute("href")!))
            {
                var path = href.Split('#')[0];
                if (roots.Any(r => path.StartsWith(r, StringComparison.OrdinalIgnoreCase)) && !path.Contains("Document", StringComparison.OrdinalIgnoreCase))
                {
                    queue.Enqueue(path);
                }
            }
        }

        return result;
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guids();

    /// <summary>An Italian message: "Al massimo 300 caratteri.", "L'indirizzo e-mail è troppo lungo.", "Importo non valido" ...</summary>
    [GeneratedRegex("caratteri|troppo lung|va scritto|non è valid|non valid|Inserire|Indicare", RegexOptions.IgnoreCase)]
    private static partial Regex ItalianMessage();
}
