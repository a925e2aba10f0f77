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

    /// <summary>
    /// Prints a document that refers to its own pages (the report's contents, ADR 0111): the page is
    /// loaded once and printed as a quick untagged draft (same page size and margins: tagging changes no
    /// line or page break); <paramref name="fill"/> reads the draft and returns the text of some elements,
    /// by id (e.g. "pag. 4"); the texts are put in place and the tagged PDF is printed from the same page.
    /// The draft is never stored or served. Elements the fill does not name keep their text.
    /// </summary>
    Task<byte[]> RenderWithFilledInAsync(string html, PdfMetadata metadata, PdfLayout? layout, Func<byte[], IReadOnlyDictionary<string, string>> fill, CancellationToken ct = default);
}
