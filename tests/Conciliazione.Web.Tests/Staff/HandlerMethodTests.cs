using System.Reflection;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Staff;

/// <summary>SECURITY-CHECKS #20: a GET naming a state-changing handler answers 404/405 and changes nothing.</summary>
public sealed class HandlerMethodTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task GetOnEveryPostHandler_OfStaffAndAdminPages_Answers405_AndChangesNothing()
    {
        var now = DateTimeOffset.UtcNow;
        var ct = TestContext.Current.CancellationToken;
        var provider = await CallSeeds.ProviderAsync(Factory);
        var call = await CallSeeds.CallAsync(Factory, now, publish: false, providerId: provider);
        var admin = await TestAccounts.CreateAsync(Factory, Roles.Admin);
        var ids = await Factory.WithDbAsync(async db => new Dictionary<string, Guid>
        {
            ["Staff/Calls/Reallocate"] = CastellanzaPlan.CurrentProjectId,
            ["Staff/Calls"] = call,
            ["Staff/Providers"] = provider,
            ["Staff/Alliance/Partners"] = await db.Partners.Where(p => p.AllianceId == CastellanzaPlan.AllianceId).Select(p => p.Id).FirstAsync(ct),
            ["Staff/Project/Actions"] = await db.ProjectActions.Where(a => a.ProjectId == CastellanzaPlan.CurrentProjectId).Select(a => a.Id).FirstAsync(ct),
            ["Staff/Project/Indicators"] = await db.Indicators.Select(i => i.Id).FirstAsync(ct),
            ["Staff/Project"] = CastellanzaPlan.CurrentProjectId,
            ["Admin/Users"] = admin.Id,
        });
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(admin);
        var routes = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .GroupBy(e => e.Metadata.GetMetadata<PageActionDescriptor>()!.ViewEnginePath)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.RoutePattern.RawText!.Length).First().RoutePattern.RawText!);

        var handlers = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PageModel)) && t.Namespace is { } ns
                && (ns.StartsWith("Conciliazione.Web.Pages.Staff", StringComparison.Ordinal) || ns.StartsWith("Conciliazione.Web.Pages.Admin", StringComparison.Ordinal)))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal))
                .Select(m => (Page: "/" + t.Namespace!["Conciliazione.Web.Pages.".Length..].Replace('.', '/') + "/" + t.Name[..^"Model".Length],
                    Handler: m.Name["OnPost".Length..].Replace("Async", "", StringComparison.Ordinal))))
            .Where(h => h.Handler.Length > 0)
            .Distinct()
            .ToList();
        Assert.Contains(handlers, h => h.Page == "/Staff/Calls/Details" && h.Handler == "Close");

        var auditRows = await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(ct));
        var wrong = new List<string>();
        foreach (var (page, handler) in handlers)
        {
            var template = routes[page];
            var id = ids.Where(kv => template.StartsWith(kv.Key, StringComparison.Ordinal)).OrderByDescending(kv => kv.Key.Length).Select(kv => kv.Value).FirstOrDefault();
            var path = "/" + System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", id.ToString());
            using var response = await client.GetAsync($"{path}?handler={handler}");
            if (response.StatusCode is not (HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound))
            {
                wrong.Add($"GET {path}?handler={handler} answered {(int)response.StatusCode}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Equal(auditRows, await Factory.WithDbAsync(db => db.AuditEvents.CountAsync(ct)));
    }

    [Fact]
    public async Task PostToAPageWithoutAPostHandler_Answers405_NotAnErrorPage()
    {
        var admin = await TestAccounts.CreateAsync(Factory, Roles.Admin);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(admin);
        var page = await client.GetDocumentAsync("/Staff");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var response = await client.Http.PostAsync(new Uri("/Staff", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }
}
