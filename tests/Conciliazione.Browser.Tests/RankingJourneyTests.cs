using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Tests.Grants;
using Conciliazione.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>Issue 13: staff preview, freeze and publish a call's ranking in Chromium; anyone reads it on the public page; axe-core finds nothing.</summary>
public sealed class RankingJourneyTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    [Fact]
    public async Task Staff_FreezeAndPublishTheRanking_TheCitizenReadsItByProtocolNumber()
    {
        var callId = await GrantSeeds.ClosedCallAsync(portal, 700m, reference: "AV-GR-" + Guid.NewGuid().ToString("N")[..6]);
        var first = Random.Shared.Next(100_000, 900_000);
        await GrantSeeds.ApplicationsAsync(portal, callId,
        [
            new SeedApplication(Isee: 12_000m),
            new SeedApplication(Isee: 4_000m),
            new SeedApplication(Isee: 8_000m),
            new SeedApplication(Isee: 2_000m, Status: ApplicationStatus.NotAdmitted),
        ], first);
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/Staff/Grants/Ranking/{callId}");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=ranking] tbody tr")).ToHaveCountAsync(4, new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(page.Locator("[data-testid=ranking-state]")).ToContainTextAsync("Anteprima");
        await page.AssertNoAxeViolationsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Congela la graduatoria" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("Graduatoria congelata", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Pubblica la graduatoria" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=ranking-state]")).ToContainTextAsync("Pubblicata il", new() { Timeout = BrowserPortal.Patience });
        await page.AssertNoAxeViolationsAsync();

        var citizen = await portal.NewPageAsync();
        await citizen.GotoAsync($"/Calls/Details/{callId}");
        await citizen.Locator("[data-testid=ranking-link]").ClickAsync();
        var rows = citizen.Locator("[data-testid=ranking] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(4, new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync(Web.Tests.Staff.Applications.ReviewSeeds.Protocol(first + 1));
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Finanziata");
        await Assertions.Expect(rows.Nth(2)).ToContainTextAsync("In lista d'attesa");
        await Assertions.Expect(rows.Nth(3)).ToContainTextAsync("Non ammessa");
        await citizen.AssertNoAxeViolationsAsync();
        await citizen.ScreenshotAsync("public-ranking");
    }
    [Fact]
    public async Task Staff_WalkALongRanking_ByKeyboard_NextAndPreviousPages()
    {
        var callId = await GrantSeeds.ClosedCallAsync(portal, 5_000m, reference: "AV-GK-" + Guid.NewGuid().ToString("N")[..6]);
        var first = Random.Shared.Next(100_000, 900_000);
        var count = Conciliazione.Web.Pages.Staff.Grants.RankingModel.PageSize + 5;
        await GrantSeeds.ApplicationsAsync(portal, callId, [.. Enumerable.Range(0, count).Select(i => new SeedApplication(Isee: 1_000m + i))], first);
        var staff = await TestAccounts.CreateAsync(portal, Roles.Staff);
        var page = await portal.NewPageAsync();
        await page.GotoAsync($"/Staff/Grants/Ranking/{callId}");
        await page.GetByLabel("Indirizzo e-mail").FillAsync(staff.Email);
        await page.Locator("#Input_Password").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi", Exact = true }).ClickAsync();
        await page.GetByLabel("Codice di verifica").FillAsync(Totp.Code(staff.TotpKey!));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verifica", Exact = true }).ClickAsync();

        var rows = page.Locator("[data-testid=ranking] tbody tr");
        await Assertions.Expect(page.Locator("[data-testid=where]")).ToHaveTextAsync($"Posizioni da 1 a {count - 5} di {count}", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(rows).ToHaveCountAsync(count - 5);
        await Assertions.Expect(page.Locator("[data-testid=previous]")).ToHaveCountAsync(0);

        var next = page.Locator("[data-testid=next]");
        await next.FocusAsync();
        await next.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=where]")).ToHaveTextAsync($"Posizioni da {count - 4} a {count} di {count}", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        await Assertions.Expect(rows.Last).ToContainTextAsync(Web.Tests.Staff.Applications.ReviewSeeds.Protocol(first + count - 1));
        Assert.DoesNotContain("page=", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=next]")).ToHaveCountAsync(0);
        await page.AssertNoAxeViolationsAsync();
        await page.ScreenshotAsync("staff-ranking-next");

        var previous = page.Locator("[data-testid=previous]");
        await previous.FocusAsync();
        await previous.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=where]")).ToHaveTextAsync($"Posizioni da 1 a {count - 5} di {count}", new() { Timeout = BrowserPortal.Patience });
        await Assertions.Expect(rows.First).ToContainTextAsync(Web.Tests.Staff.Applications.ReviewSeeds.Protocol(first));
    }
}
