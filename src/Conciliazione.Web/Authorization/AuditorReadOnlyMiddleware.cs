using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;

namespace Conciliazione.Web.Authorization;

/// <summary>
/// Auditors read; they never change anything (SECURITY-CHECKS #15, ASVS 8.2.1). Any request of
/// theirs that is not GET/HEAD is answered 403, except the few that concern their own session and
/// account (sign out, two-factor and password management, language).
/// </summary>
/// <remarks>
/// A role check per page would leave room for a page that forgets it; this is one rule for all.
/// It runs before the page policies, so a POST to a page the auditor may not see is a 403 too, not a redirect to the access-denied page.
/// </remarks>
public sealed class AuditorReadOnlyMiddleware(RequestDelegate next)
{
    private static readonly string[] OwnAccountPaths = ["/Account/Logout", "/Account/Manage", "/Language"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.User.IsInRole(Roles.Auditor)
            && !OwnAccountPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            // Resolved here, not per request: an audit log holds a database context, which a page served from the output cache never needs.
            var audit = context.RequestServices.GetRequiredService<AuditLog>();
            await audit.WriteAsync(AuditActions.AccessDenied, "Page", context.Request.Path.Value, "read-only", ct: context.RequestAborted);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        await next(context);
    }
}
