using System.Globalization;
using System.Text;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Tests.Infrastructure;
using Conciliazione.Web.Tests.Staff.Applications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>
/// WCAG 2.1 1.4.10 Reflow: on a phone (320 and 375 CSS px) no page a visitor or a family meets
/// scrolls sideways. Every public page and every family page is opened at that width; the test
/// names the elements wider than the screen, runs axe-core and keeps a screenshot of each.
/// </summary>
public sealed class ReflowTests(SpidBrowserPortal portal) : IClassFixture<SpidBrowserPortal>
{
    /// <summary>
    /// The document's width against the viewport's, and the outermost elements whose right edge
    /// passes the viewport while no ancestor clips or scrolls them (a table inside
    /// .table-responsive scrolls in its own box: allowed).
    /// </summary>
    private const string OverflowScript = """
        () => {
          const width = document.documentElement.clientWidth;
          // An absolutely positioned element escapes a scrolling box that is not its containing
          // block (or inside it): the box does not clip it, the page grows.
          const clipped = el => {
            const absolute = getComputedStyle(el).position === 'absolute';
            const block = el.offsetParent;
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
              const s = getComputedStyle(p);
              if (s.overflowX === 'visible' || s.overflowX === '') continue;
              if (!absolute || (block && (p === block || p.contains(block)))) return true;
            }
            return false;
          };
          const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
            (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
          const wide = [];
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.right <= width + 1 || clipped(el)) continue;
            if (wide.some(w => w.contains(el) && getComputedStyle(el).position !== 'absolute')) continue;
            wide.push(el);
          }
          return {
            scrollWidth: document.documentElement.scrollWidth,
            width,
            offenders: wide.slice(0, 8).map(el => name(el) + ' (right ' + Math.round(el.getBoundingClientRect().right) + 'px: "' +
              (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60) + '")'),
          };
        }
        """;

    private sealed class Overflow
    {
        public int ScrollWidth { get; set; }

        public int Width { get; set; }

        public string[] Offenders { get; set; } = [];
    }

    [Theory]
    [InlineData(320)]
    [InlineData(375)]
    public async Task PublicPages_DoNotScrollSideways_OnAPhone(int width)
    {
        var page = await portal.NewPageAsync(width, 720);
        var callId = await ChildcareCallIdAsync();
        var urls = new List<string>
        {
            "/", "/Calls", $"/Calls/Details/{callId}", $"/Calls/Eligibility/{callId}", "/Providers",
            "/Alliance", "/Alliance/Municipalities", "/Alliance/Partners", "/Alliance/Project", "/Alliance/Actions/B",
            "/Privacy", "/Accessibility", "/Account/Login",
        };
        await page.GotoAsync("/Alliance");
        urls.AddRange(await page.Locator("[data-testid=projects] a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"));

        var problems = new StringBuilder();
        foreach (var url in urls)
        {
            await CheckAsync(page, url, width, "public", problems);
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    [Theory]
    [InlineData(320)]
    [InlineData(375)]
    public async Task FamilyPages_DoNotScrollSideways_OnAPhone(int width)
    {
        var page = await portal.NewPageAsync(width, 720);
        var callId = await ChildcareCallIdAsync();

        // Sign in through the test SPID provider, then open a draft application of the call.
        await page.GotoAsync("/Family");
        await page.Locator("[data-testid=signin-spid]").First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Maria Rossi" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Benvenuta/o, Maria");
        await page.GotoAsync($"/Family/Applications/Start/{callId}");
        var draft = page.GetByRole(AriaRole.Link, new() { Name = "Riprendi la bozza" });
        if (await draft.CountAsync() > 0)
        {
            // The other width's run of this test, on the same portal, left a draft: reuse it.
            await draft.First.ClickAsync();
        }
        else
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Inizia una nuova domanda" }).ClickAsync();
        }

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Family/Applications/Edit/"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Domanda");
        var applicationId = page.Url.Split("/Family/Applications/Edit/")[1].Split('/', '?')[0];

        var problems = new StringBuilder();
        foreach (var url in new[]
        {
            "/Family", "/Family/Applications", $"/Family/Applications/Edit/{applicationId}", $"/Family/Applications/Edit/{applicationId}/nucleo",
            $"/Family/Applications/Details/{applicationId}", "/Family/Profile",
        })
        {
            await CheckAsync(page, url, width, "family", problems);
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    [Theory]
    [InlineData(320)]
    [InlineData(375)]
    public async Task DocumentRequestPages_DoNotScrollSideways_OnAPhone(int width)
    {
        // A family whose application waits for documents: the highlighted request on its home and
        // application pages, and the upload page.
        var reviewer = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var seeded = await DocumentRequestSteps.InReviewAsync(portal, reviewer.Id, protocol: "2026/000" + width.ToString(CultureInfo.InvariantCulture), familyEmail: $"famiglia{width}@example.org");
        await DocumentRequestSteps.RequestAsync(portal, seeded.ApplicationId, reviewer.Id, DateTimeOffset.UtcNow.AddDays(10));
        var page = await portal.NewPageAsync(width, 720);
        await page.GotoAsync("/Account/Login");
        await page.Locator("#Input_Email").FillAsync(seeded.Family.Email);
        await page.Locator("#Input_Password").FillAsync(seeded.Family.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.ArriveAtAsync("**/Family");

        var problems = new StringBuilder();
        foreach (var url in new[] { "/Family", $"/Family/Applications/Details/{seeded.ApplicationId}", $"/Family/Applications/Integrazione/{seeded.ApplicationId}" })
        {
            await CheckAsync(page, url, width, "request", problems);
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    [Theory]
    [InlineData(320)]
    [InlineData(375)]
    public async Task GrantPages_DoNotScrollSideways_OnAPhone(int width)
    {
        // A published ranking with a funded application and one on the reserve list, both of one family.
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var family = await TestAccounts.CreateAsync(portal, Roles.Family, withTotp: false);
        var ct = TestContext.Current.CancellationToken;
        var callId = await Web.Tests.Grants.GrantSeeds.ClosedCallAsync(portal, 350m, reference: "AV-RF-" + Guid.NewGuid().ToString("N")[..6]);
        var ids = await Web.Tests.Grants.GrantSeeds.ApplicationsAsync(portal, callId,
            [new Web.Tests.Grants.SeedApplication(Isee: 4_000m), new Web.Tests.Grants.SeedApplication(Isee: 9_000m)], first: Random.Shared.Next(100_000, 900_000), familyId: family.Id);
        await Web.Tests.Grants.GrantSeeds.FreezeAndPublishAsync(portal, callId, staff.Id);
        Assert.Null((await Web.Tests.Grants.GrantSeeds.WorkAsync(portal, w => w.RunFundingAsync(callId, Web.Tests.Grants.GrantSeeds.Castellanza, staff.Id, ct))).Error);

        var page = await portal.NewPageAsync(width, 720);
        var problems = new StringBuilder();
        foreach (var url in new[] { $"/Calls/Details/{callId}", $"/Calls/Ranking/{callId}" })
        {
            await CheckAsync(page, url, width, "grants-public", problems);
        }

        await page.GotoAsync("/Account/Login");
        await page.Locator("#Input_Email").FillAsync(family.Email);
        await page.Locator("#Input_Password").FillAsync(family.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.ArriveAtAsync("**/Family");
        foreach (var url in new[] { $"/Family/Applications/Details/{ids[0]}", $"/Family/Applications/Renounce/{ids[0]}", $"/Family/Applications/Details/{ids[1]}" })
        {
            await CheckAsync(page, url, width, "grants-family", problems);
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    private async Task<Guid> ChildcareCallIdAsync() =>
        await portal.WithDbAsync(db => db.Calls.Where(c => c.Title == DemoCalls.ChildcareCallTitle).Select(c => c.Id).SingleAsync(TestContext.Current.CancellationToken));

    /// <summary>Opens a page at the phone's width; adds to <paramref name="problems"/> what is too wide and what axe finds.</summary>
    private static async Task CheckAsync(IPage page, string url, int width, string area, StringBuilder problems)
    {
        var response = await page.GotoAsync(url);
        await page.Locator("h1").First.WaitForAsync();
        await page.EvaluateAsync("document.fonts.ready");
        if (response is null || response.Status != 200)
        {
            problems.Append(url).Append(" answered ").AppendLine(response?.Status.ToString(CultureInfo.InvariantCulture) ?? "nothing");
            return;
        }

        var overflow = await page.EvaluateAsync<Overflow>(OverflowScript);
        if (overflow.ScrollWidth > width)
        {
            problems.Append(url).Append(" is ").Append(overflow.ScrollWidth).Append(" px wide at ").Append(width).AppendLine(" px:");
            foreach (var offender in overflow.Offenders)
            {
                problems.Append("    ").AppendLine(offender);
            }
        }

        var name = $"reflow-{width}-{area}-" + Slug(new Uri(page.Url).AbsolutePath);
        await page.ScreenshotAsync(name);
        if (width == 320)
        {
            try
            {
                await page.AssertNoAxeViolationsAsync();
            }
            catch (Exception e) when (e is Xunit.Sdk.IAssertionException)
            {
                problems.AppendLine(e.Message);
            }
        }
    }

    private static string Slug(string path)
    {
        var slug = new StringBuilder();
        foreach (var c in path.Trim('/'))
        {
            slug.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }

        return slug.Length == 0 ? "home" : slug.ToString(0, Math.Min(slug.Length, 60));
    }
}
