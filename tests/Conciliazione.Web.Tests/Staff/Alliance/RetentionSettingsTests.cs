using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Staff.Alliance;

/// <summary>/Staff/Alliance/Retention (ADR 0139): administrators set the retention period, audited; operators read it; a wrong value is refused in Italian keeping what was typed.</summary>
public sealed class RetentionSettingsTests(PortalFactory factory) : PortalTest(factory)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int?> StoredAsync() =>
        Factory.WithDbAsync(db => db.Alliances.AsNoTracking().Where(a => a.Id == CastellanzaPlan.AllianceId).Select(a => a.RetentionMonths).SingleAsync(Ct));

    [Fact]
    public async Task Admin_SetsTheRetention_Audited_AndOperatorsSeeItWithoutAForm()
    {
        var account = await TestAccounts.CreateAsync(Factory, Roles.Admin);
        using var admin = Factory.CreatePortalClient();
        await admin.LoginAsync(account);
        var form = await admin.GetDocumentAsync("/Staff/Alliance/Retention");
        Assert.Contains("non impostato", form.Text("[data-testid=retention-current]"), StringComparison.Ordinal);

        using var response = await admin.SubmitAsync(form, new Dictionary<string, string> { ["Input.Months"] = "24" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(24, await StoredAsync());
        var audit = await Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.Action == AuditActions.RetentionChanged, Ct));
        Assert.Equal("from=none;to=24", audit.Details);

        var (staff, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _s = staff;
        var seen = await staff.GetDocumentAsync("/Staff/Alliance/Retention");
        Assert.Contains("24 mesi", seen.Text("[data-testid=retention-current]"), StringComparison.Ordinal);
        Assert.Null(seen.QuerySelector("form[data-testid=retention-form]"));
        var token = seen.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? (await staff.GetDocumentAsync("/Staff")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = await staff.Http.PostAsync(new Uri("/Staff/Alliance/Retention", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["Input.Months"] = "1" }), Ct);
        Assert.True(
            post.StatusCode == HttpStatusCode.Forbidden
            || (post.StatusCode == HttpStatusCode.Redirect && post.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal)),
            "operator's POST: " + post.StatusCode);
        Assert.Equal(24, await StoredAsync());
    }

    [Fact]
    public async Task Admin_WithOutOfRangeMonths_SeesAnItalianError_KeepsWhatWasTyped_AndNothingIsSaved()
    {
        var account = await TestAccounts.CreateAsync(Factory, Roles.Admin);
        using var admin = Factory.CreatePortalClient();
        await admin.LoginAsync(account);
        var form = await admin.GetDocumentAsync("/Staff/Alliance/Retention");

        using var response = await admin.SubmitAsync(form, new Dictionary<string, string> { ["Input.Months"] = "500" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Indicare un numero di mesi tra 1 e 120", page, StringComparison.Ordinal);
        Assert.Contains("value=\"500\"", page, StringComparison.Ordinal);
        Assert.Null(await StoredAsync());
    }
}
