using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Notifications.Templates;
using Conciliazione.Web.Tests.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Admin;

/// <summary>The Hangfire dashboard under /Admin/Jobs (admins with MFA only), its CSP, the messages page and the health check.</summary>
public sealed class JobsDashboardTests(SpidPortalFactory factory) : IClassFixture<SpidPortalFactory>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await factory.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Dashboard_IsForAdminsOnly()
    {
        using var anonymous = factory.CreatePortalClient();
        using (var response = await anonymous.GetAsync("/Admin/Jobs"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        var staff = await TestAccounts.CreateAsync(factory, Roles.Staff);
        using var staffClient = factory.CreatePortalClient();
        await staffClient.LoginAsync(staff);
        foreach (var url in new[] { "/Admin/Jobs", "/Admin/Jobs/jobs/failed", "/Admin/Messages" })
        {
            using var response = await staffClient.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        using var family = new SpidBrowser(factory);
        await family.SignInAsync("maria-rossi");
        using (var response = await family.Portal.GetAsync("/Admin/Jobs"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        // An admin who has not enrolled TOTP yet has no MFA claim: not in either.
        var adminWithoutMfa = await TestAccounts.CreateAsync(factory, Roles.Admin, withTotp: false);
        using var noMfa = factory.CreatePortalClient();
        await noMfa.LoginAsync(adminWithoutMfa);
        using (var response = await noMfa.GetAsync("/Admin/Jobs"))
        {
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }

        var admin = await TestAccounts.CreateAsync(factory, Roles.Admin);
        using var adminClient = factory.CreatePortalClient();
        await adminClient.LoginAsync(admin);
        using var dashboard = await adminClient.GetAsync("/Admin/Jobs");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var html = await dashboard.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Conciliazione - lavori in background", html, StringComparison.Ordinal);
        using var servers = await adminClient.GetAsync("/Admin/Jobs/servers");
        Assert.Equal(HttpStatusCode.OK, servers.StatusCode);
    }

    [Fact]
    public async Task LooserCsp_OnlyUnderAdminJobs()
    {
        var admin = await TestAccounts.CreateAsync(factory, Roles.Admin);
        using var client = factory.CreatePortalClient();
        await client.LoginAsync(admin);

        using var dashboard = await client.GetAsync("/Admin/Jobs");
        using var messages = await client.GetAsync("/Admin/Messages");

        var dashboardCsp = string.Join(' ', dashboard.Headers.GetValues("Content-Security-Policy"));
        var pageCsp = string.Join(' ', messages.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("style-src 'self' 'unsafe-inline'", dashboardCsp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", dashboardCsp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", dashboardCsp, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", pageCsp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminSeesAFailedMessage_AndResendsIt()
    {
        var family = await OutboxSteps.FamilyAsync(factory, "famiglia@example.org");
        var failed = await OutboxSteps.NotifyAsync(factory, family, new AdmittedModel(Guid.NewGuid(), ""));
        await OutboxSteps.WaitForAsync(factory, failed, n => n.Status == NotificationStatus.Failed, "failed");
        // Fix the data the template missed, as an operator would after reading the answer.
        await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "UPDATE notifications SET model_json = jsonb_set(model_json, ARRAY['ProtocolNumber'], to_jsonb('2026/000042'::text)) WHERE id = {0}", failed));
        var admin = await TestAccounts.CreateAsync(factory, Roles.Admin);
        using var client = factory.CreatePortalClient();
        await client.LoginAsync(admin);

        var page = await client.GetDocumentAsync("/Admin/Messages");
        Assert.Contains("ProtocolNumber", page.Text("[data-testid=failed]"), StringComparison.Ordinal);
        using var resent = await client.SubmitAsync(page, new Dictionary<string, string>(), formSelector: "[data-testid=failed] form");

        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        var row = await OutboxSteps.WaitForAsync(factory, failed, n => n.Status == NotificationStatus.Sent, "sent after resend");
        Assert.Equal("Domanda ammessa - protocollo 2026/000042", row.Subject);
        Assert.Single(factory.Mailbox.MessagesTo("famiglia@example.org"));
    }

    [Fact]
    public async Task HealthCheck_ReportsTheJobServer()
    {
        using var client = factory.CreatePortalClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string body;
        do
        {
            using var response = await client.GetAsync("/health/ready");
            body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("Healthy", body);
        var result = await factory.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>()
            .CheckHealthAsync(c => c.Name == "jobs", TestContext.Current.CancellationToken);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, result.Status);
        Assert.Contains("lavoratori", result.Entries["jobs"].Description, StringComparison.Ordinal);
    }
}
