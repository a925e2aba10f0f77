using System.Security.Claims;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;

namespace Conciliazione.Web.Authorization;

/// <summary>
/// Turns "signed in but without a second factor" into a redirect to TOTP enrolment, and records
/// every other authorization denial in the audit log.
/// </summary>
/// <remarks>
/// SECURITY-CHECKS #2 (ASVS 6.3.3): staff, admin, referent and auditor pages require a session
/// signed in with TOTP. A user who has not enrolled yet is sent to enrolment; a user who has
/// enrolled but holds a session without the factor is signed out, so enrolment can never be used
/// to replace an existing authenticator without the code.
/// </remarks>
public sealed class MfaEnrolmentResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure is { } failure)
        {
            var onlyMfaMissing = failure.FailedRequirements.Any()
                && failure.FailedRequirements.All(r => r is ClaimsAuthorizationRequirement { ClaimType: PortalClaims.Amr });
            if (onlyMfaMissing)
            {
                var users = context.RequestServices.GetRequiredService<UserManager<ApplicationUser>>();
                var user = await users.GetUserAsync(context.User);
                var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                if (user is not null && !await users.GetTwoFactorEnabledAsync(user))
                {
                    context.Response.Redirect("/Account/Manage/EnableAuthenticator?returnUrl=" + Uri.EscapeDataString(returnUrl));
                    return;
                }

                await context.RequestServices.GetRequiredService<SignInManager<ApplicationUser>>().SignOutAsync();
                context.Response.Redirect("/Account/Login?returnUrl=" + Uri.EscapeDataString(returnUrl));
                return;
            }

            var audit = context.RequestServices.GetRequiredService<AuditLog>();
            await audit.WriteAsync(AuditActions.AccessDenied, "Page", context.Request.Path.Value, ct: context.RequestAborted);
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
