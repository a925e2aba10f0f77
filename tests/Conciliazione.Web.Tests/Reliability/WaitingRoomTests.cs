using System.Net;
using Conciliazione.Web.Tests.Family.Applications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Reliability;

/// <summary>
/// The click day's waiting room (ADR 0154), with room for one family request and no queue: while one
/// is being served, the next family request is turned away at once with an Italian 503 that loses
/// nothing; public pages are not in the room; once the first is done the room lets the next in.
/// </summary>
public sealed class WaitingRoomTests(WaitingRoomPortalFactory factory) : IClassFixture<WaitingRoomPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task WhileTheRoomIsFull_FamilyRequestsAreTurnedAwayInItalian_AndNothingIsLost()
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await ApplicationSteps.OpenChildcareCallAsync(factory);
        using var browser = new SpidBrowser(factory);
        await browser.SignInAsync("maria-rossi");
        var id = await ApplicationSteps.StartAsync(browser.Portal, callId);
        var stepUrl = $"/Family/Applications/Edit/{id}/richiedente";
        var step = await browser.Portal.GetDocumentAsync(stepUrl);
        var emailBefore = await EmailAsync(id);
        var values = new Dictionary<string, string> { ["Applicant.Email"] = "nuovo.indirizzo@example.org", ["Applicant.Phone"] = "+39 0331 111111" };

        using var gate = factory.Hold.Arm();
        var held = HoldOneRequestInsideAsync(browser);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);

        using (var turnedAway = await browser.Portal.GetAsync(stepUrl))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, turnedAway.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), turnedAway.Headers.RetryAfter?.Delta);
            var page = await PortalClient.ParseAsync(turnedAway);
            Assert.Equal("it", page.DocumentElement.GetAttribute("lang"));
            Assert.Equal("Molte richieste in questo momento", page.Text("main h1"));
            Assert.Equal("Molte famiglie stanno usando il servizio in questo momento. Riprova tra un minuto: le domande inviate e le bozze salvate restano come sono.", page.Text("[data-testid=status-message]"));
            Assert.Equal(stepUrl, page.QuerySelector("[data-testid=retry]")?.GetAttribute("href"));
        }

        using (var form = await browser.Portal.SubmitAsync(step, values, "main form[action*='handler=Applicant']"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, form.StatusCode);
            var page = await PortalClient.ParseAsync(form);
            Assert.Equal("Molte richieste in questo momento", page.Text("main h1"));
            Assert.Contains("i dati inseriti sono ancora nel modulo", page.Body!.TextContent, StringComparison.Ordinal);
            Assert.Null(page.QuerySelector("[data-testid=retry]"));
        }

        Assert.Equal(emailBefore, await EmailAsync(id));
        using (var publicPage = await browser.Portal.GetAsync("/Calls"))
        {
            Assert.Equal(HttpStatusCode.OK, publicPage.StatusCode);
        }

        gate.Release();
        using (var first = await held)
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var again = await browser.Portal.SubmitAsync(step, values, "main form[action*='handler=Applicant']"))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        Assert.Equal("nuovo.indirizzo@example.org", await EmailAsync(id));
    }

    [Fact]
    public async Task TheDetailsPageASubmitLandsOn_IsNotInTheRoom_ItsFilesAre()
    {
        var ct = TestContext.Current.CancellationToken;
        var callId = await ApplicationSteps.OpenChildcareCallAsync(factory);
        using var browser = new SpidBrowser(factory);
        await browser.SignInAsync("maria-rossi");
        var id = await ApplicationSteps.SubmittedApplicationAsync(browser.Portal, callId);
        var protocol = await factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.ProtocolNumber).SingleAsync(ct));
        Assert.NotNull(protocol);

        using var gate = factory.Hold.Arm();
        var held = HoldOneRequestInsideAsync(browser);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);

        // Where the submit redirects: the family sees its protocol number even while the room is full.
        using (var landing = await browser.Portal.GetAsync($"/Family/Applications/Details/{id}?submitted=true"))
        {
            Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
            var page = await PortalClient.ParseAsync(landing);
            Assert.Contains(protocol, page.Text("[data-testid=submitted]"), StringComparison.Ordinal);
        }

        // Its downloads (a handler) wait in the room like every other family request.
        using (var download = await browser.Portal.GetAsync($"/Family/Applications/Details/{id}?handler=Receipt"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, download.StatusCode);
        }

        gate.Release();
        using var first = await held;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    [Fact]
    public async Task StaffPages_AreNotInTheRoom()
    {
        var ct = TestContext.Current.CancellationToken;
        await ApplicationSteps.OpenChildcareCallAsync(factory);
        using var browser = new SpidBrowser(factory);
        await browser.SignInAsync("maria-rossi");
        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(factory);
        using var _s = staff;

        using var gate = factory.Hold.Arm();
        var held = HoldOneRequestInsideAsync(browser);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);

        using (var applications = await staff.GetAsync("/Staff/Applications"))
        {
            Assert.Equal(HttpStatusCode.OK, applications.StatusCode);
        }

        using (var family = await browser.Portal.GetAsync("/Family"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, family.StatusCode);
        }

        gate.Release();
        using var first = await held;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    /// <summary>The family's applications page, kept inside its handler (so holding the room's one place) until the gate opens.</summary>
    private static async Task<HttpResponseMessage> HoldOneRequestInsideAsync(SpidBrowser browser)
    {
        using var holding = new HttpRequestMessage(HttpMethod.Get, "/Family/Applications");
        holding.Headers.Add(HoldFilter.Header, "1");
        return await browser.Portal.Http.SendAsync(holding, TestContext.Current.CancellationToken);
    }

    private Task<string?> EmailAsync(Guid id) =>
        factory.WithDbAsync(db => db.Applications.Where(a => a.Id == id).Select(a => a.Applicant.Email).SingleAsync(TestContext.Current.CancellationToken));
}

/// <summary>The portal with a waiting room of one family request and no queue, and a way to keep one request inside.</summary>
public sealed class WaitingRoomPortalFactory : SpidPortalFactory
{
    public HoldFilter Hold { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        RoomOfOne(builder, Hold);
    }

    /// <summary>A waiting room of one family request, no queue, Retry-After 30 s, and <paramref name="hold"/> on every page (also the browser tests' fixture).</summary>
    public static void RoomOfOne(IWebHostBuilder builder, HoldFilter hold)
    {
        builder.UseSetting("Portal:WaitingRoom:Concurrent", "1");
        builder.UseSetting("Portal:WaitingRoom:Queue", "0");
        builder.UseSetting("Portal:WaitingRoom:RetryAfterSeconds", "30");
        builder.ConfigureServices(services => services.Configure<MvcOptions>(o => o.Filters.Add(hold)));
    }
}

/// <summary>Keeps a page request carrying <see cref="Header"/> inside its handler (so inside the room) until released.</summary>
public sealed class HoldFilter : IAsyncPageFilter
{
    public const string Header = "X-Test-Hold";

    private volatile Gate? armed;

    public Gate Arm() => armed = new Gate(() => armed = null);

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HttpContext.Request.Headers.ContainsKey(Header) && armed is { } gate)
        {
            gate.Entered.TrySetResult();
            await gate.Released.Task;
        }

        await next();
    }

    public sealed class Gate(Action disarm) : IDisposable
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Released.TrySetResult();

        public void Dispose()
        {
            Release();
            disarm();
        }
    }
}
