using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

/// <summary>
/// Scenario "b1" (B1 and the public pages of issue 17, ADR 0128): the real portal (Release, Kestrel on
/// loopback, the demo data seeded) and, in the same process, bench-only endpoints under /__raw that
/// replay the very SQL the portal sent for each page (captured by an EF interceptor during a warm-up
/// request) through raw Npgsql, one connection per request, and write the same page's HTML around the
/// values read. wrk drives both, one after the other, 16 connections for BENCH_DURATION each:
/// B1 = a family's own application page (signed in with a real authentication cookie), and the public
/// pages served from the output cache and uncached (an Authorization header turns the cache off for
/// the request, as for any request carrying credentials). Exit 1 only when a check fails: a page not
/// as expected, or any non-2xx answer or socket error under load.
/// </summary>
internal static partial class PublicScenario
{
    private const double B1Target = 0.35;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string server, string duration)
    {
        var failures = new List<string>();
        var database = "conciliazione_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var certificate = Path.Combine(Path.GetTempPath(), "conciliazione-bench-dp-" + Guid.NewGuid().ToString("N") + ".pfx");
        try
        {
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=Conciliazione bench data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
                await File.WriteAllBytesAsync(certificate, cert.Export(X509ContentType.Pkcs12, "bench"));
            }

            Console.WriteLine("== Conciliazione benchmark: b1 (B1 and the public pages) ==");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {MemoryGb()} GB memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
            Console.WriteLine($"load average before: {LoadAverage()}");
            // The portal's content root (its views' static files): src/Conciliazione.Web of this checkout.
            var root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "Conciliazione.sln")))
            {
                root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new InvalidOperationException("Conciliazione.sln not found above " + AppContext.BaseDirectory);
            }

            var contentRoot = Path.Combine(root, "src", "Conciliazione.Web");
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CONCILIAZIONE_WEB", contentRoot);
            Directory.SetCurrentDirectory(contentRoot);
            var raw = new RawPages(NpgsqlDataSource.Create(connectionString));
            await using var portal = new BenchPortal(connectionString, certificate, raw);
            portal.StartServer();
            var baseUrl = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            var (family, applicationId, callId) = await FamilyApplicationAsync(portal);
            Console.WriteLine($"data: the demo alliance (seeded at start); B1 reads application {applicationId} of a demo family; call page {callId}");
            Console.WriteLine($"portal: {baseUrl} (Release, Kestrel, environment Bench); wrk -t2 -c16 -d{duration}");

            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(baseUrl) };
            var cookie = await AuthCookieAsync(portal, family);
            var pages = new (string Name, string Path, string? Cookie, string Expect)[]
            {
                ("B1 application details (signed in)", $"/Family/Applications/Details/{applicationId}", cookie, "data-testid"),
                ("/Calls", "/Calls", null, "call-card"),
                ("/Calls/Details/{id}", $"/Calls/Details/{callId}", null, "data-testid=\"deadline\""),
                ("/Alliance", "/Alliance", null, "<h1"),
            };

            var rows = new List<string>();
            foreach (var (name, path, auth, expect) in pages)
            {
                // Warm-up: the page as a visitor gets it (checked), then its steady-state SQL captured (caches of
                // reference data filled by the first request), its raw twin registered.
                await GetAsync(http, path, auth, failures, expect, uncached: true);
                portal.Capture.Start();
                var html = await GetAsync(http, path, auth, failures, expect, uncached: true);
                var commands = portal.Capture.Stop();
                var rawPath = raw.Register(path, commands, html);
                await GetAsync(http, rawPath, null, failures, expect, uncached: false);
                Console.WriteLine();
                Console.WriteLine($"-- {name}: {commands.Count} SQL command(s) per request, {html.Length.ToString("N0", Invariant)} characters of HTML");

                var rawRun = await WrkAsync(baseUrl + rawPath, duration, null, failures);
                Console.WriteLine($"   raw Npgsql limit        {rawRun}");
                var uncached = await WrkAsync(baseUrl + path, duration, auth is null ? "Authorization: Bench" : "Cookie: " + auth, failures);
                var ratio = uncached.Rps / rawRun.Rps;
                var target = auth is null ? ">= 0.35x uncached" : ">= 0.35x";
                Console.WriteLine($"   portal{(auth is null ? ", uncached" : ", signed in")}  {uncached}  ratio {ratio.ToString("F2", Invariant)}x (target {target})");
                if (auth is null)
                {
                    await GetAsync(http, path, null, failures, expect, uncached: false);
                    var cached = await WrkAsync(baseUrl + path, duration, null, failures);
                    var cachedRatio = cached.Rps / rawRun.Rps;
                    Console.WriteLine($"   portal, output cache    {cached}  ratio {cachedRatio.ToString("F2", Invariant)}x (target >= 1x)");
                    rows.Add($"B1 public page {name}: cached {cached.Rps.ToString("N0", Invariant)}/s ({cachedRatio.ToString("F2", Invariant)}x, {(cachedRatio >= 1 ? "met" : "NOT met")}), uncached {uncached.Rps.ToString("N0", Invariant)}/s ({ratio.ToString("F2", Invariant)}x, {(ratio >= B1Target ? "met" : "NOT met")}) vs raw {rawRun.Rps.ToString("N0", Invariant)}/s");
                }
                else
                {
                    rows.Add($"B1: {uncached.Rps.ToString("N0", Invariant)}/s vs raw {rawRun.Rps.ToString("N0", Invariant)}/s ratio {ratio.ToString("F2", Invariant)}x target >= {B1Target.ToString("F2", Invariant)}x {(ratio >= B1Target ? "met" : "NOT met")}");
                }
            }

            Console.WriteLine();
            Console.WriteLine($"load average after: {LoadAverage()}");
            foreach (var row in rows)
            {
                Console.WriteLine(row);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            File.Delete(certificate);
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        Console.WriteLine();
        Console.WriteLine(failures.Count == 0 ? "correctness: all checks passed" : "correctness: FAILED");
        foreach (var f in failures.Distinct())
        {
            Console.WriteLine("  " + f);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>A demo family and its application with the most to show (funded first), and the open demo call.</summary>
    private static async Task<(ApplicationUser Family, Guid ApplicationId, Guid CallId)> FamilyApplicationAsync(BenchPortal portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var application = await db.Applications.AsNoTracking()
            .Where(a => a.Status != ApplicationStatus.Draft)
            .OrderBy(a => a.Status == ApplicationStatus.Funded ? 0 : 1).ThenBy(a => a.ProtocolNumber)
            .Select(a => new { a.Id, a.FamilyUserId }).FirstAsync();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(application.FamilyUserId.ToString());
        var now = DateTimeOffset.UtcNow;
        var call = await db.Calls.AsNoTracking()
            .Where(c => c.AllianceId == CastellanzaPlan.AllianceId && c.Status == Conciliazione.Domain.Calls.CallStatus.Published && c.OpensAt <= now && c.ClosesAt > now)
            .OrderBy(c => c.ClosesAt).Select(c => c.Id).FirstOrDefaultAsync();
        if (call == Guid.Empty)
        {
            call = await db.Calls.AsNoTracking().Where(c => c.AllianceId == CastellanzaPlan.AllianceId && c.Status != Conciliazione.Domain.Calls.CallStatus.Draft).Select(c => c.Id).FirstAsync();
        }

        return (user!, application.Id, call);
    }

    /// <summary>The family's authentication cookie, as a sign-in writes it: the app's own claims factory and ticket protector.</summary>
    private static async Task<string> AuthCookieAsync(BenchPortal portal, ApplicationUser family)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        var principal = await signIn.CreateUserPrincipalAsync(family);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(PortalClaims.LoginAt, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(Invariant)));
        var options = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var properties = new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) };
        var ticket = new AuthenticationTicket(principal, properties, IdentityConstants.ApplicationScheme);
        return options.Cookie.Name + "=" + options.TicketDataFormat.Protect(ticket);
    }

    private static async Task<string> GetAsync(HttpClient http, string path, string? cookie, List<string> failures, string expect, bool uncached)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (uncached)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bench");
        }

        using var response = await http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || !html.Contains(expect, StringComparison.Ordinal))
        {
            failures.Add($"GET {path}: {(int)response.StatusCode} {response.Headers.Location}, expected a page with '{expect}'");
        }

        return html;
    }

    private sealed record WrkRun(double Rps, long Requests, long Non2xx, long SocketErrors, string Latency)
    {
        public override string ToString() =>
            $"{Rps.ToString("N0", CultureInfo.InvariantCulture),8} requests/s ({Requests.ToString("N0", CultureInfo.InvariantCulture)} requests, latency avg {Latency}, non-2xx {Non2xx}, socket errors {SocketErrors})";
    }

    private static async Task<WrkRun> WrkAsync(string url, string duration, string? header, List<string> failures)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-t2", "-c16", "-d" + duration, "--latency" })
        {
            start.ArgumentList.Add(a);
        }

        if (header is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }

        start.ArgumentList.Add(url);
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install -y wrk)");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var rps = double.Parse(RpsLine().Match(output).Groups[1].Value, Invariant);
        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, Invariant);
        var non2xx = NonOkLine().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, Invariant) : 0;
        var socket = SocketLine().Match(output) is { Success: true } s
            ? Enumerable.Range(1, 4).Sum(i => long.Parse(s.Groups[i].Value, Invariant))
            : 0;
        var latency = LatencyLine().Match(output).Groups[1].Value;
        if (non2xx > 0 || socket > 0)
        {
            failures.Add($"{url}: {non2xx} non-2xx answers, {socket} socket errors under load");
        }

        return new WrkRun(rps, requests, non2xx, socket, latency);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsLine();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonOkLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketLine();

    [GeneratedRegex(@"Latency\s+(\S+)")]
    private static partial Regex LatencyLine();

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string MemoryGb() => (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024)).ToString("F1", Invariant);

    /// <summary>The portal as deployed (non-Development, JSON logs at Warning), with the bench's raw endpoints in front.</summary>
    private sealed class BenchPortal(string connectionString, string certificate, RawPages raw) : WebApplicationFactory<Conciliazione.Web.SharedResource>
    {
        public CommandCapture Capture { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.UseEnvironment("Bench");
            builder.UseSetting("ConnectionStrings:Default", connectionString);
            builder.UseSetting("Portal:MigrateOnStartup", "true");
            builder.UseSetting("Portal:SeedDemoData", "true");
            builder.UseSetting("Portal:MailPickupDirectory", Path.Combine(Path.GetTempPath(), "conciliazione-bench-mail"));
            builder.UseSetting("Portal:PublicOrigin", "http://127.0.0.1");
            builder.UseSetting("AllowedHosts", "127.0.0.1;localhost");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Error");
            builder.UseSetting("DataProtection:CertificatePath", certificate);
            builder.UseSetting("DataProtection:CertificatePassword", "bench");
            builder.UseSetting("Portal:Jobs:Workers", "false");
            builder.UseSetting("Portal:Jobs:RecurringJobs", "false");
            builder.ConfigureServices(services =>
            {
                services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(Capture));
                services.AddSingleton<IStartupFilter>(new RawEndpoints(raw));
            });
        }
    }

    /// <summary>Bench-only: /__raw/... answered before the portal's pipeline (never mapped by the product).</summary>
    private sealed class RawEndpoints(RawPages raw) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/__raw", b => b.Run(raw.ServeAsync));
            next(app);
        };
    }

    /// <summary>A page's SQL replayed through raw Npgsql, its values written into the page's own HTML frame.</summary>
    private sealed class RawPages(NpgsqlDataSource dataSource)
    {
        private readonly Dictionary<string, (IReadOnlyList<CapturedCommand> Commands, string Head, string Tail)> pages = [];

        public string Register(string path, IReadOnlyList<CapturedCommand> commands, string html)
        {
            var key = "/p" + pages.Count.ToString(Invariant);
            var main = html.IndexOf("<main", StringComparison.Ordinal);
            var end = html.IndexOf("</main>", StringComparison.Ordinal);
            pages[key] = main < 0 || end < 0 ? (commands, html, "") : (commands, html[..main], html[end..]);
            return "/__raw" + key;
        }

        public async Task ServeAsync(HttpContext context)
        {
            if (!pages.TryGetValue(context.Request.Path.Value ?? "", out var page))
            {
                context.Response.StatusCode = 404;
                return;
            }

            var body = new StringBuilder(page.Head.Length + page.Tail.Length + 8192);
            body.Append(page.Head).Append("<main id=\"main\" class=\"container my-4\"><h1>data-testid=\"deadline\" call-card</h1><table>");
            await using (var connection = await dataSource.OpenConnectionAsync(context.RequestAborted))
            {
                foreach (var captured in page.Commands)
                {
                    await using var command = new NpgsqlCommand(captured.Sql, connection);
                    foreach (var p in captured.Parameters)
                    {
                        command.Parameters.Add(p.Clone());
                    }

                    await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);
                    do
                    {
                        while (await reader.ReadAsync(context.RequestAborted))
                        {
                            body.Append("<tr>");
                            for (var i = 0; i < reader.FieldCount; i++)
                            {
                                body.Append("<td>").Append(WebUtility.HtmlEncode(Convert.ToString(reader.GetValue(i), Invariant))).Append("</td>");
                            }

                            body.Append("</tr>");
                        }
                    }
                    while (await reader.NextResultAsync(context.RequestAborted));
                }
            }

            body.Append("</table>").Append(page.Tail);
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(body.ToString(), context.RequestAborted);
        }
    }

    private sealed record CapturedCommand(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

    /// <summary>The SQL commands EF Core sends while capturing (the warm-up request of a page).</summary>
    private sealed class CommandCapture : DbCommandInterceptor
    {
        private readonly List<CapturedCommand> commands = [];
        private volatile bool capturing;

        public void Start()
        {
            lock (commands)
            {
                commands.Clear();
            }

            capturing = true;
        }

        public IReadOnlyList<CapturedCommand> Stop()
        {
            capturing = false;
            lock (commands)
            {
                return [.. commands];
            }
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Add(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Add(command);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Add(DbCommand command)
        {
            if (!capturing)
            {
                return;
            }

            lock (commands)
            {
                commands.Add(new CapturedCommand(command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList()));
            }
        }
    }
}
