namespace Conciliazione.Web.Documents;

/// <summary>Document information written into every PDF (Chromium ignores HTML meta tags).</summary>
public sealed record PdfMetadata(string Title, string Subject, string Author = "Conciliazione");

/// <summary>The one boundary for PDF output: HTML in, PDF bytes out (ADR 0002).</summary>
public interface IPdfRenderer
{
    Task<byte[]> RenderAsync(string html, PdfMetadata metadata, CancellationToken ct = default);
}
