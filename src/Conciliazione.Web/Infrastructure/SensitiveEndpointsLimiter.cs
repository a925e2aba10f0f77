using System.Threading.RateLimiting;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// Rate limits on the POSTs an attacker would hammer: login steps, password reset, and the public
/// report verifier (each check hashes up to 20 MB).
/// </summary>
/// <remarks>
/// SECURITY-CHECKS #4 (ASVS 2.4.1): the 6th reset request from one IP in 10 minutes gets 429 with
/// Retry-After. Login has its own, larger budget, on top of the per-account lockout.
/// </remarks>
public static class SensitiveEndpointsLimiter
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private static readonly Dictionary<string, string> Groups = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/Account/Login"] = "login",
        ["/Account/LoginWith2fa"] = "login",
        ["/Account/LoginWithRecoveryCode"] = "login",
        ["/Account/ForgotPassword"] = "reset",
        ["/Account/ResetPassword"] = "reset",
        ["/Verifica"] = "verify",
    };

    public static PartitionedRateLimiter<HttpContext> Create(IConfiguration config)
    {
        var loginLimit = config.GetValue("Portal:RateLimits:LoginPerWindow", 30);
        var resetLimit = config.GetValue("Portal:RateLimits:PasswordResetPerWindow", 5);
        var verifyLimit = config.GetValue("Portal:RateLimits:VerifierPerWindow", 60);
        return PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
        {
            if (!HttpMethods.IsPost(ctx.Request.Method)
                || !Groups.TryGetValue(ctx.Request.Path.Value?.TrimEnd('/') ?? "", out var group))
            {
                return RateLimitPartition.GetNoLimiter("none");
            }

            var ip = ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var limit = group switch { "login" => loginLimit, "verify" => verifyLimit, _ => resetLimit };
            return RateLimitPartition.GetFixedWindowLimiter(group + "|" + ip, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = Window,
                QueueLimit = 0,
            });
        });
    }
}
