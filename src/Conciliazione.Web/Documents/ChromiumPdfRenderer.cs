using Microsoft.Extensions.Options;
using PdfSharp.Pdf.IO;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace Conciliazione.Web.Documents;

public sealed class PdfOptions
{
    public const string Section = "Portal:Pdf";

    /// <summary>The system Chromium (Debian package "chromium"); never downloaded at run time.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    public int MaxConcurrentRenders { get; set; } = 2;
}

/// <summary>
/// Prints HTML to PDF with the system Chromium in headless mode (PuppeteerSharp), then writes the
/// document information with PDFsharp.
/// </summary>
/// <remarks>
/// One browser per process, started on first use and restarted if it dies; a fresh page per
/// document so documents never share state; at most <see cref="PdfOptions.MaxConcurrentRenders"/>
/// renders at once to bound memory on a 2-core machine (TOOLCHAIN.md figures). JavaScript is
/// disabled in the page: documents are static HTML built on the server.
/// </remarks>
public sealed class ChromiumPdfRenderer(IOptions<PdfOptions> options, ILogger<ChromiumPdfRenderer> logger) : IPdfRenderer, IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private readonly SemaphoreSlim renders = new(options.Value.MaxConcurrentRenders);
    private readonly SemaphoreSlim launch = new(1);
    private IBrowser? browser;

    public Task<byte[]> RenderAsync(string html, PdfMetadata metadata, CancellationToken ct = default) => RenderAsync(html, metadata, null, ct);

    public async Task<byte[]> RenderAsync(string html, PdfMetadata metadata, PdfLayout? layout, CancellationToken ct = default)
    {
        await renders.WaitAsync(ct);
        try
        {
            var b = await GetBrowserAsync(ct);
            await using var page = await b.NewPageAsync();
            await page.SetJavaScriptEnabledAsync(false);
            await page.SetContentAsync(html, new SetContentOptions { WaitUntil = [WaitUntilNavigation.Load] });
            var pdf = await page.PdfDataAsync(new PuppeteerSharp.PdfOptions
            {
                Format = PaperFormat.A4,
                PrintBackground = true,
                Tagged = true,
                MarginOptions = new MarginOptions { Top = "18mm", Bottom = "18mm", Left = "16mm", Right = "16mm" },
                DisplayHeaderFooter = layout is not null,
                // Chromium prints its own date and title when a template is left empty: an empty span prints nothing.
                HeaderTemplate = layout?.HeaderHtml ?? "<span></span>",
                FooterTemplate = layout?.FooterHtml ?? "<span></span>",
            });
            return WithMetadata(pdf, metadata);
        }
        finally
        {
            renders.Release();
        }
    }

    private static byte[] WithMetadata(byte[] pdf, PdfMetadata metadata)
    {
        using var input = new MemoryStream(pdf);
        using var document = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        document.Info.Title = metadata.Title;
        document.Info.Subject = metadata.Subject;
        document.Info.Author = metadata.Author;
        document.Info.Creator = "Conciliazione";
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }

    private async Task<IBrowser> GetBrowserAsync(CancellationToken ct)
    {
        if (browser is { IsConnected: true })
        {
            return browser;
        }

        await launch.WaitAsync(ct);
        try
        {
            if (browser is { IsConnected: true })
            {
                return browser;
            }

            if (browser is not null)
            {
                await browser.DisposeAsync();
            }

            logger.LogInformation("Starting Chromium for PDF rendering");
            browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = options.Value.ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
            });
            return browser;
        }
        finally
        {
            launch.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        renders.Dispose();
        launch.Dispose();
    }
}
