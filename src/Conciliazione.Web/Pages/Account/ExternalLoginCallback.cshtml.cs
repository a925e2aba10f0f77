using System.Globalization;
using System.Security.Claims;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Conciliazione.Web.Pages.Account;

/// <summary>
/// Second half of a family sign-in. The OpenID Connect handler has already checked state, nonce,
/// PKCE and the identity token's signature and left the claims in the external cookie; this page
/// reads the codice fiscale, finds or creates the Family account keyed by it and signs the person
/// in with the portal's own cookie.
/// </summary>
/// <remarks>
/// A missing or invalid codice fiscale stops here: no account, and an audit row that says why
/// without saying who. The account key is never the e-mail (family members share addresses).
/// </remarks>
public sealed class ExternalLoginCallbackModel(
    AppDbContext db,
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    IOptionsMonitor<IdentityProviderOptions> providerOptions,
    FamilyProviders providers,
    AuditLog audit,
    TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken ct)
    {
        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || providers.Find(external.Properties?.GetString(FamilySignIn.ProviderItem)) is not { Scheme: var scheme })
        {
            // Reached without a completed provider round trip (bookmarked, replayed or forged).
            await audit.WriteAsync(AuditActions.LoginFailed, details: "external:" + FamilySignInFailure.InvalidResponse, ct: ct);
            return Fail(FamilySignInFailure.InvalidResponse);
        }

        // The external cookie has done its job whatever happens next.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);

        var options = providerOptions.Get(scheme);
        var mapping = options.ClaimMapping;
        var claims = external.Principal!;
        var acr = claims.FindFirstValue("acr");
        var assurance = AuthenticationLevel.Parse(acr);
        if (assurance < AuthenticationLevel.Minimum(options.MinimumLevel))
        {
            // Before any account is created or updated: a level-1 sign-in must not reach family data.
            await audit.WriteAsync(AuditActions.LoginFailed, details: scheme + ":" + FamilySignInFailure.InsufficientLevel + ":L" + assurance.ToString(CultureInfo.InvariantCulture), ct: ct);
            return Fail(FamilySignInFailure.InsufficientLevel);
        }

        if (!FiscalCode.TryParse(claims.FindFirstValue(mapping.FiscalNumber), out var fiscalCode, out var problem))
        {
            var reason = problem == FiscalCodeProblem.Missing ? FamilySignInFailure.MissingFiscalCode : FamilySignInFailure.InvalidFiscalCode;
            await audit.WriteAsync(AuditActions.LoginFailed, details: scheme + ":" + reason, ct: ct);
            return Fail(reason);
        }

        var asserted = new AssertedIdentity(
            claims.FindFirstValue(mapping.GivenName) ?? "",
            claims.FindFirstValue(mapping.FamilyName) ?? "",
            DateOnly.TryParseExact(claims.FindFirstValue(mapping.BirthDate), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth) ? birth : null,
            claims.FindFirstValue(mapping.Email));

        var user = await db.Users.FirstOrDefaultAsync(u => u.FiscalCode == fiscalCode.Value, ct)
            ?? await CreateFamilyAsync(fiscalCode, asserted, scheme, ct);
        if (!await users.IsInRoleAsync(user, Roles.Family))
        {
            await audit.WriteAsync(AuditActions.LoginFailed, "User", user.Id.ToString(), scheme + ":" + FamilySignInFailure.NotAFamilyAccount, user.Id, ct);
            return Fail(FamilySignInFailure.NotAFamilyAccount);
        }

        if (!await signIn.CanSignInAsync(user))
        {
            await audit.WriteAsync(AuditActions.LoginFailed, "User", user.Id.ToString(), scheme + ":" + FamilySignInFailure.Disabled, user.Id, ct);
            return Fail(FamilySignInFailure.Disabled);
        }

        await RefreshIdentityAsync(user, asserted, ct);

        var session = new AuthenticationProperties { IsPersistent = false };
        session.SetString(FamilySignIn.ProviderItem, scheme);
        if (external.Properties!.GetTokenValue("id_token") is { } idToken)
        {
            // Kept for RP-initiated logout (id_token_hint).
            session.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
        }

        // amr records how the person authenticated: the SPID/CIE level the provider asserted.
        var level = acr ?? scheme;
        await signIn.SignInWithClaimsAsync(user, session, [new Claim(PortalClaims.Amr, level)]);
        await audit.WriteAsync(AuditActions.LoginSucceeded, "User", user.Id.ToString(), scheme, user.Id, ct);
        return LocalRedirect(string.IsNullOrEmpty(returnUrl) || returnUrl == "/" ? "/Family" : Url.SafeReturnUrl(returnUrl));
    }

    private LocalRedirectResult Fail(string reason) => LocalRedirect(FamilySignIn.ErrorPage + "?reason=" + reason);

    /// <summary>
    /// Account, role, profile and audit row in one transaction. Two first sign-ins of the same
    /// person racing each other meet the unique index on the codice fiscale: the loser reads the
    /// winner's account.
    /// </summary>
    private async Task<ApplicationUser> CreateFamilyAsync(FiscalCode fiscalCode, AssertedIdentity asserted, string scheme, CancellationToken ct)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var now = clock.GetUtcNow();
                var user = new ApplicationUser
                {
                    Id = Guid.CreateVersion7(now),
                    FiscalCode = fiscalCode.Value,
                    DisplayName = (asserted.GivenName + " " + asserted.FamilyName).Trim(),
                    CreatedAt = now,
                };
                user.UserName = "family-" + user.Id.ToString("N", CultureInfo.InvariantCulture);
                Check(await users.CreateAsync(user));
                Check(await users.AddToRoleAsync(user, Roles.Family));
                db.FamilyProfiles.Add(FamilyProfile.Create(user.Id, asserted, now));
                audit.Add(AuditActions.FamilyAccountCreated, "User", user.Id.ToString(), scheme, user.Id);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return user;
            });
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return await db.Users.FirstAsync(u => u.FiscalCode == fiscalCode.Value, ct);
        }
    }

    private async Task RefreshIdentityAsync(ApplicationUser user, AssertedIdentity asserted, CancellationToken ct)
    {
        var profile = await db.FamilyProfiles.FirstOrDefaultAsync(p => p.UserId == user.Id, ct);
        if (profile is null)
        {
            db.FamilyProfiles.Add(FamilyProfile.Create(user.Id, asserted, clock.GetUtcNow()));
        }
        else
        {
            profile.RefreshIdentity(asserted, clock.GetUtcNow());
        }

        var displayName = (asserted.GivenName + " " + asserted.FamilyName).Trim();
        if (displayName.Length > 0)
        {
            user.DisplayName = displayName;
        }

        await db.SaveChangesAsync(ct);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Family account not created: " + string.Join(", ", result.Errors.Select(e => e.Code)));
        }
    }
}
