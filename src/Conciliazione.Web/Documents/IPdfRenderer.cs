namespace Conciliazione.Web.Documents;

/// <summary>Document information written into every PDF (Chromium ignores HTML meta tags).</summary>
public sealed record PdfMetadata(string Title, string Subject, string Author = "Conciliazione");

/// <summary>
/// How pages are laid out beyond the HTML: a header and a footer repeated on every page (Chromium's
/// templates: plain HTML with inline styles, where elements of class <c>pageNumber</c> and
/// <c>totalPages</c> are filled with the page's number and the count; ADR 0111).
/// </summary>
public sealed record PdfLayout(string? HeaderHtml, string? FooterHtml);

/// <summary>The one boundary for PDF output: HTML in, PDF bytes out (ADR 0002).</summary>
public interface IPdfRenderer
{
    Task<byte[]> RenderAsync(string html, PdfMetadata metadata, CancellationToken ct = default);

    /// <summary>As <see cref="RenderAsync(string, PdfMetadata, CancellationToken)"/>, with a header and footer on every page (when the renderer supports them).</summary>
    Task<byte[]> RenderAsync(string html, PdfMetadata metadata, PdfLayout? layout, CancellationToken ct = default) => RenderAsync(html, metadata, ct);
}
