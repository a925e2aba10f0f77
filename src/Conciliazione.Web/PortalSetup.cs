using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Authorization;
using Conciliazione.Web.Identity;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using FluentValidation;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conciliazione.Web;

/// <summary>Service registration and the request pipeline, in the order a request meets them.</summary>
public static class PortalSetup
{
    public static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");

    public static void AddPortalServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        // Structured JSON logs in production; readable lines on a developer's console. Pages never
        // log personal data (names, codici fiscali, ISEE): only pseudonymous ids.
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        else
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        }

        var connectionString = config.GetConnectionString("Default")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:Default is not configured. Start the portal with scripts/run.sh, which provisions PostgreSQL.");
        var requestConnectionString = AppDbContextOptions.ForRequests(connectionString);
        // Pooled contexts with options built once (ADR 0153): the interceptors are singletons that keep their
        // state per context and lease (PerLease).
        services.AddDbContextPool<AppDbContext>((sp, o) => o.UsePortalDatabase(requestConnectionString)
            .AddInterceptors(sp.GetRequiredService<Notifications.OutboxDispatcher>(), sp.GetRequiredService<PublicContentChanges>()));
        services.AddReadDatabase(config);
        PublicContent.AddPublicPageCache(services);
        services.AddPortalJobs(config, connectionString);

        services.AddSingleton(TimeProvider.System);
        var publicOrigin = PublicOrigin.FromConfiguration(config, builder.Environment);
        services.AddSingleton(publicOrigin);
        services.AddSingleton<PublicLinks>();
        ConfigureHosts(services, config, builder.Environment, publicOrigin);
        services.Configure<PortalOptions>(config.GetSection(PortalOptions.Section));
        services.AddScoped<AuditLog>();
        services.AddScoped<RoleSeeder>();
        services.AddScoped<CurrentAlliance>();
        services.AddMemoryCache();
        services.AddHttpContextAccessor();
        services.Configure<SmtpOptions>(config.GetSection(SmtpOptions.Section));
        if (string.IsNullOrEmpty(config[SmtpOptions.Section + ":Host"]))
        {
            services.AddSingleton<IEmailSender, PickupDirectoryEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }

        services.Configure<Documents.PdfOptions>(config.GetSection(Documents.PdfOptions.Section));
        services.AddSingleton<Documents.IPdfRenderer, Documents.ChromiumPdfRenderer>();
        services.AddTransient<Documents.RazorDocumentRenderer>();
        services.AddScoped<Pages.Family.Applications.ApplicationSubmitter>();
        services.AddScoped<Review.ReviewWork>();
        services.AddScoped<Grants.GrantsWork>();
        services.AddScoped<Vouchers.ReceiptWork>();
        services.AddScoped<Vouchers.VoucherDocuments>();
        services.AddScoped<Privacy.FamilyDataExport>();
        services.AddScoped<Vouchers.Payouts.PayoutWork>();
        services.AddSingleton<Vouchers.Payouts.IPaymentFileFormat, Vouchers.Payouts.SepaPain001V09>();
        services.AddScoped<Grants.RankingDocuments>();
        services.AddScoped<Vouchers.BudgetExecution>();
        services.AddScoped<Review.Reviewers>();
        services.AddScoped<Vouchers.ReceiptReview>();
        services.AddScoped<Monitoring.IndicatorBoard>();
        services.AddScoped<Monitoring.MunicipalityDashboard>();
        services.AddScoped<Monitoring.ReferentSummary>();
        services.AddScoped<Monitoring.SpendingReport>();
        services.AddScoped<Monitoring.LeadDashboard>();
        services.AddScoped<Reporting.ReportBuilder>();
        services.AddScoped<Reporting.ReportPdf>();
        services.AddScoped<Reporting.ReportGenerator>();
        services.AddScoped<Reporting.ReportRequests>();
        services.AddScoped<Pages.Family.Applications.ICallCatalog, Pages.Family.Applications.CallCatalog>();
        // Validators with a parameterless constructor come from DI; those built per request with
        // context (e.g. the call an application is for) are created by their page.
        services.AddValidatorsFromAssemblyContaining<Program>(
            filter: r => r.ValidatorType.GetConstructor(Type.EmptyTypes) is not null,
            includeInternalTypes: true);

        services.AddDataProtection()
            .SetApplicationName("Conciliazione")
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysAtRest(config, builder.Environment);

        services.AddIdentity<ApplicationUser, IdentityRole<Guid>>(o =>
            {
                // SECURITY-CHECKS #1, #3: lockout after 5 failures; length over complexity (ASVS 6.2).
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders()
            .AddSignInManager<PortalSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddPasswordValidator<BreachedPasswordValidator>()
            .AddErrorDescriber<ItalianIdentityErrorDescriber>();
        services.Replace(ServiceDescriptor.Scoped<IUserValidator<ApplicationUser>, PortalUserValidator>());
        services.AddFamilySignIn(config);
        services.AddSingleton<ContactEmailLinks>();

        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(1));
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            // SECURITY-CHECKS #8, #9: a disabled user or a logged-out cookie dies within a minute.
            o.ValidationInterval = config.GetValue("Portal:SecurityStampValidationInterval", TimeSpan.FromMinutes(1));
            o.OnRefreshingPrincipal = SessionClaims.CarryOver;
        });

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "__Host-Conciliazione";
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = TimeSpan.FromMinutes(20);
            o.SlidingExpiration = true;
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Events.OnValidatePrincipal = SessionClaims.ValidateAsync;
        });
        services.AddAntiforgery(o =>
        {
            // SameAsRequest: the antiforgery system refuses "Always" on plain-http loopback development.
            o.Cookie.Name = "Conciliazione.Af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddPortalAuthorization();

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var supported = new[] { Italian, CultureInfo.GetCultureInfo("en") };
            o.DefaultRequestCulture = new RequestCulture(Italian);
            o.SupportedCultures = supported;
            o.SupportedUICultures = supported;
            // Italian unless the person chooses English (cookie set by /Language, or ?culture=en):
            // the browser's Accept-Language is not followed, the portal's first language is Italian.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        services.AddRazorPages(o => PortalAuthorization.ConfigurePages(o.Conventions))
            .AddMvcOptions(o =>
            {
                o.Filters.Add<UnmatchedHandlerFilter>();
                o.Filters.Add<UploadLimitMessageFilter>();
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.Mvc.MvcOptions>, PortalMvcOptions>();

        services.AddPortalStaticAssets();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        services.Configure<ForwardedHeadersOptions>(o => TrustedProxies.Configure(o, config));

        var waitingRoom = WaitingRoom.Options(config);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // The two cover different paths: the sensitive POSTs (login, reset, verifier) and the family area.
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(SensitiveEndpointsLimiter.Create(config), WaitingRoom.Create(waitingRoom));
            o.OnRejected = (ctx, _) =>
            {
                if (WaitingRoom.Covers(ctx.HttpContext.Request))
                {
                    WaitingRoom.TurnAway(ctx.HttpContext, waitingRoom);
                }
                else
                {
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)SensitiveEndpointsLimiter.Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
        });
    }

    /// <summary>
    /// Which Host headers the portal answers, HSTS and the HTTPS port. Outside Development an
    /// unset <c>AllowedHosts</c> means "only the public origin's host" (the template's "*" would
    /// answer any Host); Production refuses "*".
    /// </summary>
    private static void ConfigureHosts(IServiceCollection services, IConfiguration config, IHostEnvironment environment, PublicOrigin origin)
    {
        var allowed = config["AllowedHosts"];
        if (environment.IsProduction() && allowed?.Trim() == "*")
        {
            throw new InvalidOperationException("AllowedHosts is \"*\": in Production list the portal's host names (or leave it unset to use the host of Portal:PublicOrigin).");
        }

        if (!environment.IsDevelopment() && string.IsNullOrWhiteSpace(allowed))
        {
            services.PostConfigure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o => o.AllowedHosts = [origin.Uri.Host]);
        }

        services.Configure<HstsOptions>(o =>
        {
            // SECURITY-CHECKS #21: at least one year, subdomains included.
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        services.Configure<HttpsRedirectionOptions>(o =>
        {
            o.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
            o.HttpsPort = origin.Uri.Scheme == Uri.UriSchemeHttps ? origin.Uri.Port : null;
        });
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        if (!options.MigrateOnStartup && !options.SeedDemoData)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (options.MigrateOnStartup)
        {
            var jobs = app.Configuration.GetSection(Notifications.JobsOptions.Section).Get<Notifications.JobsOptions>() ?? new Notifications.JobsOptions();
            await DatabaseRoles.MigrateAsync(app.Configuration, db, jobs.Schema);
        }

        await scope.ServiceProvider.GetRequiredService<RoleSeeder>().SeedAsync();
        if (options.SeedDemoData)
        {
            await ActivatorUtilities.CreateInstance<Seeding.DemoSeeder>(scope.ServiceProvider).SeedAsync();
        }
    }

    public static void UsePortalPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler("/Error");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            if (app.Services.GetRequiredService<PublicOrigin>().Uri.Scheme == Uri.UriSchemeHttps)
            {
                app.UseHttpsRedirection();
            }
        }

        app.UseStatusCodePagesWithReExecute("/StatusCode/{0}");
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseRequestLocalization();
        app.UsePortalStaticAssets();
        app.UseRouting();
        // Before the 404 below: the SPID/CIE handlers answer their callbacks (/signin-spid, ...),
        // which are not endpoints.
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            // An unknown address is a 404 for everyone, not a login prompt from the fallback policy.
            if (context.GetEndpoint() is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
        app.UseRateLimiter();
        app.UseMiddleware<AuditorReadOnlyMiddleware>();
        app.UseAuthorization();
        // After authentication: a signed-in request is never served, nor stored, from the cache (ADR 0126).
        app.UseOutputCache();
        app.UseMiddleware<UploadLimitsMiddleware>();

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapRazorPages();
        app.UsePortalJobs();
    }
}
