using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Conciliazione.Web.Authorization;

/// <summary>
/// Who may reach which page. Every page is either in a folder with a named policy or listed in
/// <see cref="AnonymousPages"/>; anything else falls back to "signed in", and a test fails on any
/// page with no explicit choice (SECURITY-CHECKS #13).
/// </summary>
public static class PortalAuthorization
{
    /// <summary>Pages anyone may see, listed on purpose.</summary>
    public static readonly IReadOnlyList<string> AnonymousPages =
    [
        "/Index",
        "/Privacy",
        "/Accessibility",
        "/Error",
        "/StatusCode",
        "/Language",
        "/Account/Login",
        "/Account/LoginWith2fa",
        "/Account/LoginWithRecoveryCode",
        "/Account/Lockout",
        "/Account/Logout",
        "/Account/AccessDenied",
        "/Account/ForgotPassword",
        "/Account/ForgotPasswordConfirmation",
        "/Account/ResetPassword",
        "/Account/ResetPasswordConfirmation",
        "/Alliance/Index",
        "/Alliance/Partners",
        "/Alliance/Municipalities",
        "/Alliance/Project",
        "/Alliance/Action",
        "/Account/ExternalLogin",
        "/Account/ExternalLoginCallback",
        "/Account/ExternalLoginError",
        "/Account/ConfirmContactEmail",
        "/Calls/Index",
        "/Calls/Details",
        "/Calls/Document",
        "/Calls/Eligibility",
        "/Calls/Ranking",
        "/Providers/Index",
        "/Verifica",
    ];

    /// <summary>Page folders and the policy that guards each.</summary>
    public static readonly IReadOnlyDictionary<string, string> Folders = new Dictionary<string, string>
    {
        ["/Staff"] = Policies.Staff,
        ["/Admin"] = Policies.Admin,
        ["/Referent"] = Policies.Referent,
        ["/Audit"] = Policies.Auditor,
        ["/Family"] = Policies.Family,
        ["/Account/Manage"] = Policies.SignedIn,
    };

    public static void AddPortalAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Staff, Roles.Admin).RequireClaim(PortalClaims.Amr, PortalClaims.Mfa))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin).RequireClaim(PortalClaims.Amr, PortalClaims.Mfa))
            .AddPolicy(Policies.Referent, p => p.RequireRole(Roles.MunicipalReferent).RequireClaim(PortalClaims.MunicipalityId).RequireClaim(PortalClaims.Amr, PortalClaims.Mfa))
            .AddPolicy(Policies.Auditor, p => p.RequireRole(Roles.Auditor).RequireClaim(PortalClaims.Amr, PortalClaims.Mfa))
            .AddPolicy(Policies.Family, p => p.RequireRole(Roles.Family));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, MfaEnrolmentResultHandler>();
    }

    public static void ConfigurePages(PageConventionCollection conventions)
    {
        foreach (var (folder, policy) in Folders)
        {
            conventions.AuthorizeFolder(folder, policy);
        }

        foreach (var page in AnonymousPages)
        {
            conventions.AllowAnonymousToPage(page);
        }

        conventions.AddFolderApplicationModelConvention("/Referent", model => model.Filters.Add(new ReferentMunicipalityFilter()));
    }
}
