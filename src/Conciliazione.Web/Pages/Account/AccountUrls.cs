using Microsoft.AspNetCore.Mvc;

namespace Conciliazione.Web.Pages.Account;

internal static class AccountUrls
{
    /// <summary>Only local return URLs are followed (no open redirect).</summary>
    public static string SafeReturnUrl(this IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
