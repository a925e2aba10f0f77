using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Tests.Reliability;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Conciliazione.Browser.Tests;

/// <summary>The SPID browser portal with a click-day waiting room of one family request, no queue, and a way to keep one inside.</summary>
public sealed class WaitingRoomBrowserPortal : SpidBrowserPortal
{
    public HoldFilter Hold { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        WaitingRoomPortalFactory.RoomOfOne(builder, Hold);
    }
}

/// <summary>
/// The click day's waiting room (ADR 0154) as a family sees it in Chromium, with axe-core: a step of the
/// wizard sent while the room is full gets the Italian "Molte richieste" page, and the browser's Back
/// button returns to the form with what was typed; a page asked for while the room is full offers
/// "Riprova", which works once the room has space, and the page fits a 320 px phone.
/// </summary>
public sealed class WaitingRoomJourneyTests(WaitingRoomBrowserPortal portal) : IClassFixture<WaitingRoomBrowserPortal>
{
    private const float Patience = BrowserPortal.Patience;

    [Fact]
    public async Task Family_TurnedAwayOnClickDay_ReadsItInItalian_LosesNothing_AndRetries()
    {
        var ct = TestContext.Current.CancellationToken;
        var family = await portal.NewPageAsync();
        await family.GotoAsync("/");
        await family.GetByRole(AriaRole.Link, new() { Name = "Entra con SPID" }).ClickAsync();
        await family.GetByRole(AriaRole.Button, new() { Name = "Maria Rossi" }).ClickAsync();
        await family.ArriveAtAsync(portal.BaseUrl + "/Family");

        // The crowd: another tab of the same family whose request stays inside the room's one place.
        var crowd = await family.Context.NewPageAsync();
        await crowd.GotoAsync("/");
        await crowd.ArriveAtAsync(portal.BaseUrl + "/");

        var callId = await portal.WithDbAsync(db => db.Calls.Where(c => c.Title == DemoCalls.ChildcareCallTitle).Select(c => c.Id).SingleAsync(ct));
        await family.GotoAsync($"/Family/Applications/Start/{callId}");
        await family.GetByRole(AriaRole.Button, new() { Name = "Inizia una nuova domanda" }).ClickAsync();
        await family.ArriveAtAsync("**/Family/Applications/Edit/**");
        var stepUrl = family.Url;
        await family.Locator("#Applicant_Email").FillAsync("maria.nuova@example.org");
        await family.Locator("#Applicant_Phone").FillAsync("+39 0331 222333");

        // A form sent while the room is full: turned away at once, in Italian, nothing saved.
        using (var gate = portal.Hold.Arm())
        {
            await HoldOneRequestAsync(crowd);
            await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(Patience / 1000), ct);
            await family.GetByRole(AriaRole.Button, new() { Name = "Salva e continua" }).ClickAsync();
            await Assertions.Expect(family.Locator("main h1")).ToHaveTextAsync("Molte richieste in questo momento", new() { Timeout = Patience });
            await Assertions.Expect(family.Locator("[data-testid=status-message]")).ToContainTextAsync("Riprova tra un minuto");
            await Assertions.Expect(family.Locator("main")).ToContainTextAsync("i dati inseriti sono ancora nel modulo");
            await Assertions.Expect(family.Locator("[data-testid=retry]")).ToHaveCountAsync(0);
            Assert.Equal("it", await family.Locator("html").GetAttributeAsync("lang"));
            await family.ScreenshotAsync("waiting-room-form-turned-away");
            await family.AssertNoAxeViolationsAsync();
            Assert.NotEqual("maria.nuova@example.org", await portal.WithDbAsync(db => db.Applications.Where(a => a.CallId == callId).Select(a => a.Applicant.Email).SingleAsync(ct)));
        }

        Assert.Equal(200, await HeldStatusAsync(crowd));

        // Back, as the page says: the form is there with what the family typed, and now it goes through.
        await family.GoBackAsync();
        await family.ArriveAtAsync(stepUrl);
        await Assertions.Expect(family.Locator("#Applicant_Email")).ToHaveValueAsync("maria.nuova@example.org", new() { Timeout = Patience });
        await Assertions.Expect(family.Locator("#Applicant_Phone")).ToHaveValueAsync("+39 0331 222333");
        await family.GetByRole(AriaRole.Button, new() { Name = "Salva e continua" }).ClickAsync();
        await family.ArriveAtAsync("**/nucleo");
        Assert.Equal("maria.nuova@example.org", await portal.WithDbAsync(db => db.Applications.Where(a => a.CallId == callId).Select(a => a.Applicant.Email).SingleAsync(ct)));

        // A page asked for while the room is full, on a phone: "Riprova" brings it once there is space.
        await family.SetViewportSizeAsync(320, 640);
        using (var gate = portal.Hold.Arm())
        {
            await HoldOneRequestAsync(crowd);
            await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(Patience / 1000), ct);
            var answer = await family.GotoAsync("/Family/Applications");
            Assert.Equal(503, answer!.Status);
            await Assertions.Expect(family.Locator("main h1")).ToHaveTextAsync("Molte richieste in questo momento", new() { Timeout = Patience });
            await Assertions.Expect(family.Locator("main")).Not.ToContainTextAsync("i dati inseriti");
            var scrollWidth = await family.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 320, $"the waiting-room page is {scrollWidth} px wide at 320 px");
            await family.ScreenshotAsync("waiting-room-page-320");
            await family.AssertNoAxeViolationsAsync();
        }

        Assert.Equal(200, await HeldStatusAsync(crowd));
        await family.Locator("[data-testid=retry]").ClickAsync();
        await family.ArriveAtAsync(portal.BaseUrl + "/Family/Applications");
        await Assertions.Expect(family.Locator("main h1")).Not.ToHaveTextAsync("Molte richieste in questo momento");
        await family.AssertNoAxeViolationsAsync();
    }

    /// <summary>From the crowd's tab, a family-area request that the hold filter keeps inside its handler until the gate opens.</summary>
    private static Task HoldOneRequestAsync(IPage crowd) =>
        crowd.EvaluateAsync($"() => {{ window.held = fetch('/Family/Applications', {{ headers: {{ '{HoldFilter.Header}': '1' }} }}).then(r => r.status); }}");

    private static Task<int> HeldStatusAsync(IPage crowd) => crowd.EvaluateAsync<int>("() => window.held");
}
