using Microsoft.AspNetCore.Antiforgery;

namespace Conciliazione.TestIdp;

/// <summary>
/// A local OpenID Connect provider for development and tests: it plays the part of the SPID/CIE
/// OIDC gateway. Started by scripts/run.sh on http://127.0.0.1:5081 and in-process by the tests.
/// </summary>
/// <remarks>
/// It refuses to start outside the Development and Testing environments: anyone who reaches it can
/// sign in as any of its fictional people.
/// </remarks>
public sealed class IdpProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        await Build(builder).RunAsync();
    }

    /// <summary>The provider's services and endpoints on a builder (also used by the click-day benchmark, in its own process).</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var env = builder.Environment;
        if (!env.IsDevelopment() && !env.IsEnvironment("Testing"))
        {
            throw new InvalidOperationException(
                "The test identity provider runs only in the Development or Testing environment: it signs anyone in as a fictional person.");
        }

        var options = (builder.Configuration.GetSection(TestIdpOptions.Section).Get<TestIdpOptions>() ?? new TestIdpOptions()).WithDefaults();
        builder.Services.AddSingleton(options);
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "TestIdp.Af");
        builder.Services.AddTestIdpServer(options, allowPlainHttp: true);

        var app = builder.Build();
        app.Use(SecurityHeaders);
        app.UseAuthentication();

        app.MapGet("/", () => Results.Redirect("/.well-known/openid-configuration"));
        app.MapGet("/idp.css", () => Results.Text(IdentityPicker.Css, "text/css; charset=utf-8"));
        app.MapMethods(IdpEndpoints.Authorize, [HttpMethods.Get, HttpMethods.Post], AuthorizeEndpoint.HandleAsync);
        app.MapMethods(IdpEndpoints.EndSession, [HttpMethods.Get, HttpMethods.Post], AuthorizeEndpoint.EndSession);

        return app;
    }

    /// <summary>
    /// No inline script or style on the picker. There is no form-action directive: the picker's
    /// form answers with a redirect to the portal, which form-action 'self' would block.
    /// </summary>
    private static Task SecurityHeaders(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'";
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            h.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    }
}

public static class IdpEndpoints
{
    public const string Authorize = "/connect/authorize";
    public const string Token = "/connect/token";
    public const string EndSession = "/connect/endsession";
}

internal static class AntiforgeryExtensions
{
    public static async Task<bool> IsValidAsync(this IAntiforgery antiforgery, HttpContext context)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }
}
