using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Tests.Family.Applications;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Localization;

/// <summary>
/// Every page a visitor, a family, an operator, an administrator, a municipal referent or an
/// auditor can reach, rendered in Italian, carries none of the framework's English messages; nor
/// does it after an empty form is posted, where model binding and validation speak. Pages are found
/// by walking the Razor page endpoints, so a new page is checked without touching this test.
/// </summary>
public sealed partial class ItalianPagesTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    /// <summary>The framework's default English (model binding, data annotations, Identity).</summary>
    private static readonly string[] EnglishMessages =
        ["field is required", "is not valid", "The value '", "must be a number", "is invalid", "The field ", "must be a date", "Passwords must"];

    private readonly Dictionary<string, Guid> ids = [];

    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [GeneratedRegex(@"\{(\w+)(?::[^}?]*)?(\?)?\}")]
    private static partial Regex RouteParameter();

    [Fact]
    public async Task EveryReachablePage_InItalian_HasNoEnglishFrameworkMessage_EvenAfterAnEmptyPost()
    {
        var callId = await ApplicationSteps.OpenChildcareCallAsync(factory);
        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        var applicationId = await ApplicationSteps.StartAsync(family.Portal, callId);
        await LoadIdsAsync(callId, applicationId);
        await ReviewedApplicationAsync(family.Portal, callId);
        await VoucherWithReceiptAsync();

        var clients = new Dictionary<string, PortalClient>
        {
            ["public"] = factory.CreatePortalClient(),
            ["family"] = family.Portal,
        };
        foreach (var (name, role, municipality) in new[]
        {
            ("staff", Roles.Staff, (string?)null), ("admin", Roles.Admin, null),
            ("referent", Roles.MunicipalReferent, "Castellanza"), ("auditor", Roles.Auditor, null),
        })
        {
            var account = await TestAccounts.CreateAsync(factory, role, municipality: municipality);
            ids["user"] = account.Id;
            var client = factory.CreatePortalClient();
            await client.LoginAsync(account);
            clients[name] = client;
        }

        var problems = new StringBuilder();
        var checkedPages = new List<string>();
        var forms = new List<(PortalClient Client, string Url, IHtmlDocument Page)>();
        foreach (var (url, who) in ReachablePages())
        {
            foreach (var client in who.Select(w => clients[w]))
            {
                using var response = await client.GetAsync(url);
                if ((int)response.StatusCode >= 500)
                {
                    problems.Append("GET ").Append(url).Append(" answered ").AppendLine(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    continue;
                }

                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                {
                    continue;
                }

                var page = await PortalClient.ParseAsync(response);
                checkedPages.Add(url);
                Check("GET " + url, page, problems);
                if (page.QuerySelectorAll("main form[method=post]").FirstOrDefault() is { } form
                    && form.QuerySelectorAll("input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), textarea, select").Length > 0)
                {
                    forms.Add((client, url, page));
                }
            }
        }

        // Empty forms last: a post may change what a later page shows.
        foreach (var (client, url, page) in forms)
        {
            var values = page.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlInputElement>("main form[method=post] input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file])")
                .Where(i => !string.IsNullOrEmpty(i.Name)).ToDictionary(i => i.Name!, _ => "", StringComparer.Ordinal);
            foreach (var area in page.QuerySelectorAll<IHtmlTextAreaElement>("main form[method=post] textarea").Where(t => !string.IsNullOrEmpty(t.Name)))
            {
                values[area.Name!] = "";
            }

            using var response = await client.SubmitAsync(page, values);
            if ((int)response.StatusCode >= 500)
            {
                problems.Append("POST ").Append(url).Append(" answered ").AppendLine(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                Check("POST (empty) " + url, await PortalClient.ParseAsync(response), problems);
            }
        }

        Assert.True(checkedPages.Distinct().Count() > 40, $"only {checkedPages.Distinct().Count()} pages rendered: " + string.Join(", ", checkedPages.Distinct()));
        Assert.True(forms.Count > 10, $"only {forms.Count} forms posted");
        Assert.True(problems.Length == 0, problems.ToString());
    }

    private static void Check(string what, IHtmlDocument page, StringBuilder problems)
    {
        if (page.DocumentElement.GetAttribute("lang") != "it")
        {
            problems.Append(what).AppendLine(": not in Italian");
        }

        var text = page.Body?.TextContent ?? "";
        foreach (var english in EnglishMessages.Where(e => text.Contains(e, StringComparison.Ordinal)))
        {
            var at = text.IndexOf(english, StringComparison.Ordinal);
            var snippet = text.Substring(Math.Max(0, at - 60), Math.Min(text.Length - Math.Max(0, at - 60), 140)).Replace('\n', ' ').Trim();
            problems.Append(what).Append(": \"").Append(english).Append("\" in …").Append(snippet).AppendLine("…");
        }
    }

    private async Task LoadIdsAsync(Guid callId, Guid applicationId)
    {
        ids["call"] = callId;
        ids["application"] = applicationId;
        ids["project"] = DemoCalls.ProjectId;
        await factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            ids["action"] = await db.ProjectActions.Where(a => a.ProjectId == DemoCalls.ProjectId).OrderBy(a => a.SortOrder).Select(a => a.Id).FirstAsync(ct);
            // A staff-entered indicator of the plan (the demo project has computed ones only), so the
            // record page (/Staff/Project/Indicators/Record) is walked too.
            ids["indicator"] = await db.Indicators.Where(i => i.Source == Conciliazione.Domain.Projects.IndicatorSource.Manual
                    && db.ProjectActions.Any(a => a.Id == i.ActionId && a.ProjectId == CastellanzaPlan.CurrentProjectId))
                .OrderBy(i => i.SortOrder).Select(i => i.Id).FirstAsync(ct);
            ids["partner"] = await db.Partners.Where(p => p.AllianceId == CastellanzaPlan.AllianceId).Select(p => p.Id).FirstAsync(ct);
            ids["provider"] = await db.Providers.Select(p => p.Id).FirstAsync(ct);
        });
        ids["meeting"] = await Monitoring.Meetings.MeetingSeeds.HeldAsync(factory, minutes: Monitoring.Meetings.MeetingSeeds.MinutesText, share: true);
    }

    /// <summary>Each page endpoint's address with its route values filled from the seeded data, and who may open it.</summary>
    private IEnumerable<(string Url, string[] Who)> ReachablePages()
    {
        var pages = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<PageActionDescriptor>())
            .Where(p => p?.AttributeRouteInfo?.Template is not null)
            .Select(p => (Path: p!.ViewEnginePath, Template: p.AttributeRouteInfo!.Template!))
            .DistinctBy(p => p.Template)
            .OrderBy(p => p.Template, StringComparer.Ordinal);
        foreach (var (path, template) in pages)
        {
            if (path is "/Account/Logout" or "/Account/ExternalLogin" or "/Account/ExternalLoginCallback" or "/StatusCode" or "/Error" || path.EndsWith("/Document", StringComparison.Ordinal))
            {
                continue;
            }

            string? missing = null;
            var url = "/" + RouteParameter().Replace(template, m =>
            {
                if (m.Groups[2].Success && m.Groups[1].Value != "id")
                {
                    return "";
                }

                var id = IdFor(path, m.Groups[1].Value);
                if (id is null)
                {
                    missing = m.Value;
                    return "";
                }

                return id;
            }).TrimEnd('/');
            if (missing is null)
            {
                yield return (url == "/Index" ? "/" : url, Who(path));
            }
        }
    }

    /// <summary>A submitted application taken in charge by a reviewer, with an open document request: the review pages' data.</summary>
    private async Task ReviewedApplicationAsync(PortalClient family, Guid callId)
    {
        var id = await ApplicationSteps.SubmittedApplicationAsync(family, callId);
        var reviewer = await TestAccounts.CreateAsync(factory, Roles.Staff);
        var now = DateTimeOffset.UtcNow;
        foreach (var step in new Action<Conciliazione.Domain.Applications.Application>[]
        {
            a => a.TakeInCharge(reviewer.Id, now),
            a => ids["request"] = a.RequestDocuments([new("doc-1", "Attestazione ISEE")], "Serve l'attestazione ISEE aggiornata.", now.AddDays(10), reviewer.Id, now).Id,
        })
        {
            // One save per step: the database checks each status change on its own.
            await factory.WithDbAsync(async db =>
            {
                var application = await db.Applications.Include(a => a.History).Include(a => a.DocumentRequests).SingleAsync(a => a.Id == id, TestContext.Current.CancellationToken);
                step(application);
                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            });
        }

        ids["review"] = id;

        // A control sample on the call, so the control page (/Staff/Grants/Controls/{callId}/{controlId}) is walked too.
        ids["control"] = await factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var application = await db.Applications.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.AllianceId, a.ProtocolNumber }).SingleAsync(ct);
            var sample = Conciliazione.Domain.Grants.ControlSample.Draw(application.AllianceId, callId, [(id, application.ProtocolNumber!)], "seme", Conciliazione.Domain.Grants.SampleRule.Count, 1m, reviewer.Id, now);
            db.ControlSamples.Add(sample);
            await db.SaveChangesAsync(ct);
            return sample.Controls.Single().Id;
        });
    }

    /// <summary>A funded call's voucher with a receipt waiting: the staff voucher and receipt pages' data.</summary>
    private async Task VoucherWithReceiptAsync()
    {
        var funded = await Vouchers.VoucherSeeds.FundedAsync(factory, families: 1, reference: "AV-IT-VO", firstProtocol: 900);
        ids["voucher"] = funded.VoucherIds[0];
        ids["receipt"] = await Vouchers.StaffReceiptSeeds.SubmittedAsync(factory, funded.VoucherIds[0]);
    }

    private string? IdFor(string path, string parameter)
    {
        string? key = parameter switch
        {
            "requestId" => "request",
            "callId" => "call",
            "controlId" => "control",
            "projectId" => "project",
            "code" when path.StartsWith("/Alliance", StringComparison.Ordinal) => null,
            "id" => path switch
            {
                _ when path.StartsWith("/Family/Applications/Integrazione", StringComparison.Ordinal) || path.StartsWith("/Staff/Applications", StringComparison.Ordinal) => "review",
                _ when path.StartsWith("/Family/Applications", StringComparison.Ordinal) => "application",
                _ when path.StartsWith("/Staff/Calls", StringComparison.Ordinal) || path.StartsWith("/Calls", StringComparison.Ordinal) => "call",
                _ when path.StartsWith("/Staff/Project/Actions", StringComparison.Ordinal) => "action",
                _ when path.StartsWith("/Staff/Project/Indicators", StringComparison.Ordinal) => "indicator",
                _ when path.StartsWith("/Staff/Project", StringComparison.Ordinal) || path.StartsWith("/Alliance/Project", StringComparison.Ordinal) => "project",
                _ when path.StartsWith("/Staff/Alliance/Partners", StringComparison.Ordinal) => "partner",
                _ when path.StartsWith("/Staff/Providers", StringComparison.Ordinal) => "provider",
                _ when path.StartsWith("/Admin/Users", StringComparison.Ordinal) => "user",
                _ when path.StartsWith("/Staff/Vouchers", StringComparison.Ordinal) => "voucher",
                _ when path.StartsWith("/Staff/Receipts", StringComparison.Ordinal) => "receipt",
                _ when path.StartsWith("/Staff/Meetings", StringComparison.Ordinal) || path.StartsWith("/Referent/Meetings", StringComparison.Ordinal) => "meeting",
                _ => null,
            },
            _ => null,
        };
        if (parameter == "code" && path.StartsWith("/Alliance", StringComparison.Ordinal))
        {
            return "B";
        }

        return key is not null && ids.TryGetValue(key, out var value) ? value.ToString() : null;
    }

    private static string[] Who(string path) => path switch
    {
        _ when path.StartsWith("/Family", StringComparison.Ordinal) => ["family"],
        _ when path.StartsWith("/Staff", StringComparison.Ordinal) => ["staff", "admin"],
        _ when path.StartsWith("/Admin", StringComparison.Ordinal) => ["admin"],
        _ when path.StartsWith("/Referent", StringComparison.Ordinal) => ["referent"],
        _ when path.StartsWith("/Audit", StringComparison.Ordinal) => ["auditor"],
        _ when path.StartsWith("/Account/Manage", StringComparison.Ordinal) => ["staff"],
        _ => ["public"],
    };
}
