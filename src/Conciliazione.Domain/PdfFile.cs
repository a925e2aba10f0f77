namespace Conciliazione.Domain;

/// <summary>
/// The checks every uploaded PDF passes before it is stored (SECURITY-CHECKS #22): the content
/// must start with the PDF signature and fit the size limit. The name the user gave is kept
/// only as a display and download name, cleaned of paths and odd characters.
/// </summary>
/// <remarks>
/// The extension and the declared content type are the uploader's word; the first bytes are the
/// file's. An executable renamed <c>.pdf</c> fails here. Files live in PostgreSQL (bytea), never
/// on disk under a user-chosen path.
/// </remarks>
public static class PdfFile
{
    public const int MaxBytes = 10 * 1024 * 1024;

    private static readonly byte[] Signature = "%PDF-"u8.ToArray();

    /// <summary>Why <paramref name="content"/> is not an acceptable PDF, in Italian; null when it is.</summary>
    public static string? Check(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0)
        {
            return "Il file è vuoto.";
        }

        if (content.Length > MaxBytes)
        {
            return "Il file supera la dimensione massima di 10 MB.";
        }

        return content.StartsWith(Signature) ? null : "Il file non è un PDF: caricare un documento in formato PDF.";
    }

    public static void Ensure(ReadOnlySpan<byte> content)
    {
        if (Check(content) is { } error)
        {
            throw new DomainException(error);
        }
    }

    /// <summary>"../../bando 2027.pdf" becomes "bando_2027.pdf": no path, only safe characters, always ".pdf".</summary>
    public static string SafeName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/').Split('/').Last());
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var safe = new string(chars).Trim('.', '_');
        if (safe.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
        {
            safe = safe[..^4].TrimEnd('.', '_');
        }

        if (safe.Length == 0)
        {
            safe = "documento";
        }

        return (safe.Length > 120 ? safe[..120] : safe) + ".pdf";
    }
}
