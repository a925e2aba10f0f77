using System.Globalization;
using System.Security.Claims;
using System.Text;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace Conciliazione.Web.Pages.Account.Manage;

/// <summary>
/// TOTP enrolment with a QR code. On success the session is re-issued with amr=mfa, ten recovery
/// codes are shown once, and the user continues to the page that asked for the second factor.
/// </summary>
/// <remarks>
/// A user who already has TOTP may see the key again (to add a second phone) only from a session
/// that was itself signed in with TOTP; otherwise a stolen password would reveal the factor.
/// </remarks>
public sealed class EnableAuthenticatorModel(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    AuditLog audit) : PageModel
{
    public const string Issuer = "Conciliazione";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string SharedKey { get; private set; } = "";
    public string QrCodeDataUri { get; private set; } = "";
    public bool Required => !string.IsNullOrEmpty(ReturnUrl);

    [TempData]
    public string? RecoveryCodes { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (NeedsFreshSecondFactor(user))
        {
            return RedirectToPage("/Account/Login", new { ReturnUrl = "/Account/Manage" });
        }

        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (NeedsFreshSecondFactor(user))
        {
            return RedirectToPage("/Account/Login", new { ReturnUrl = "/Account/Manage" });
        }

        var code = (Input.Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var valid = code.Length == 6
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(InputModel.Code)}", "Il codice non è corretto. Controlla l'ora del telefono e inserisci il codice attuale.");
            await LoadKeyAsync(user);
            return Page();
        }

        IEnumerable<string> codes = [];
        await audit.InTransactionAsync(async _ =>
        {
            await users.SetTwoFactorEnabledAsync(user, true);
            codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? [];
            audit.Add(AuditActions.TwoFactorEnabled, "User", user.Id.ToString());
            return true;
        }, ct);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(PortalClaims.Amr, PortalClaims.Mfa)]);
        RecoveryCodes = string.Join(' ', codes);
        return RedirectToPage("./ShowRecoveryCodes", new { ReturnUrl });
    }

    private bool NeedsFreshSecondFactor(ApplicationUser user) =>
        user.TwoFactorEnabled && !User.HasClaim(PortalClaims.Amr, PortalClaims.Mfa);

    private async Task LoadKeyAsync(ApplicationUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);

            // Creating the key renews the security stamp: re-issue this session's cookie.
            await signIn.RefreshSignInAsync(user);
        }

        SharedKey = FormatKey(key!);
        var uri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email ?? user.UserName ?? "")}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6");
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        var png = new PngByteQRCode(data).GetGraphic(6);
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(png);
    }

    private static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return sb.ToString().TrimEnd().ToLowerInvariant();
    }

    public sealed class InputModel
    {
        public string? Code { get; set; }
    }
}
