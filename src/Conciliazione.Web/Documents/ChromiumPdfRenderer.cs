using System.Net;
using System.Text.Json;
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
            await using var page = await LoadAsync(html, ct);
            return WithMetadata(await PrintAsync(page, tagged: true, layout), metadata);
        }
        finally
        {
            renders.Release();
        }
    }

    /// <remarks>
    /// The draft is untagged because Chromium's structure tree is most of a table-heavy print (a 31-page
    /// report: 4.6 s tagged, 1.9 s untagged); the page is loaded once, and the texts are set through the
    /// DevTools DOM domain, so the document's JavaScript stays off.
    /// </remarks>
    public async Task<byte[]> RenderWithFilledInAsync(string html, PdfMetadata metadata, PdfLayout? layout, Func<byte[], IReadOnlyDictionary<string, string>> fill, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(fill);
        await renders.WaitAsync(ct);
        try
        {
            await using var page = await LoadAsync(html, ct);
            var texts = fill(await PrintAsync(page, tagged: false, layout: null));
            if (texts.Count > 0)
            {
                var document = await page.Client.SendAsync<JsonElement>("DOM.getDocument", new { depth = 0 });
                var root = document.GetProperty("root").GetProperty("nodeId").GetInt32();
                foreach (var (id, text) in texts)
                {
                    var found = await page.Client.SendAsync<JsonElement>("DOM.querySelector", new { nodeId = root, selector = "#" + id });
                    var nodeId = found.GetProperty("nodeId").GetInt32();
                    if (nodeId == 0)
                    {
                        continue; // not in the document: nothing to fill
                    }

                    // The element keeps its tag and attributes; its content becomes the text.
                    var outer = (await page.Client.SendAsync<JsonElement>("DOM.getOuterHTML", new { nodeId })).GetProperty("outerHTML").GetString()!;
                    var open = outer[..(outer.IndexOf('>', StringComparison.Ordinal) + 1)];
                    var tag = open[1..].Split([' ', '>'], 2)[0];
                    await page.Client.SendAsync("DOM.setOuterHTML", new { nodeId, outerHTML = $"{open}{WebUtility.HtmlEncode(text)}</{tag}>" });
                }
            }

            return WithMetadata(await PrintAsync(page, tagged: true, layout), metadata);
        }
        finally
        {
            renders.Release();
        }
    }

    private async Task<IPage> LoadAsync(string html, CancellationToken ct)
    {
        var b = await GetBrowserAsync(ct);
        var page = await b.NewPageAsync();
        await page.SetJavaScriptEnabledAsync(false);
        await page.SetContentAsync(html, new SetContentOptions { WaitUntil = [WaitUntilNavigation.Load] });
        return page;
    }

    private static Task<byte[]> PrintAsync(IPage page, bool tagged, PdfLayout? layout) =>
        page.PdfDataAsync(new PuppeteerSharp.PdfOptions
        {
            Format = PaperFormat.A4,
            PrintBackground = true,
            Tagged = tagged,
            // The header and footer are printed inside the margins: with or without them, the pages break alike.
            MarginOptions = new MarginOptions { Top = "18mm", Bottom = "18mm", Left = "16mm", Right = "16mm" },
            DisplayHeaderFooter = layout is not null,
            // Chromium prints its own date and title when a template is left empty: an empty span prints nothing.
            HeaderTemplate = layout?.HeaderHtml ?? "<span></span>",
            FooterTemplate = layout?.FooterHtml ?? "<span></span>",
        });

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
