using Conciliazione.Web.Authorization;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;

namespace Conciliazione.Web.Notifications;

/// <summary>
/// Second lock on /Admin/Jobs: the endpoint already requires the Admin policy (role admin with
/// MFA); this filter checks it again inside Hangfire, so removing the endpoint's policy by mistake
/// does not open the dashboard (Hangfire's default filter would allow local requests).
/// </summary>
public sealed class DashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(http.User, Policies.Admin)).Succeeded;
    }
}
