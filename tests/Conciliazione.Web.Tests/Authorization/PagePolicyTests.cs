using Conciliazione.Web.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Authorization;

/// <summary>SECURITY-CHECKS #13: every page has a policy or is on the anonymous allow-list.</summary>
public sealed class PagePolicyTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public void EveryPage_HasAPolicy_OrIsListedAnonymous()
    {
        var pages = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => (Endpoint: e, Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
            .Where(x => x.Page is not null)
            .ToList();
        Assert.NotEmpty(pages);

        var withoutChoice = pages
            .Where(x => x.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
                && !x.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Policy) || !string.IsNullOrEmpty(a.Roles)))
            .Select(x => x.Page!.ViewEnginePath)
            .Distinct()
            .ToList();
        Assert.Empty(withoutChoice);

        var anonymous = pages
            .Where(x => x.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(x => x.Page!.ViewEnginePath)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(PortalAuthorization.AnonymousPages.Order(StringComparer.Ordinal), anonymous);
    }

    [Theory]
    [InlineData("/Staff")]
    [InlineData("/Admin/Users")]
    [InlineData("/Referent")]
    [InlineData("/Audit")]
    [InlineData("/Family")]
    [InlineData("/Account/Manage")]
    public async Task ProtectedPages_SendAnonymousVisitorsToLogin(string url)
    {
        using var client = Factory.CreatePortalClient();

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffUser_IsForbiddenFromAdminPages()
    {
        var staff = await TestAccounts.CreateAsync(Factory, Conciliazione.Domain.Identity.Roles.Staff);
        using var client = Factory.CreatePortalClient();
        await client.LoginAsync(staff);

        using var response = await client.GetAsync("/Admin/Users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
