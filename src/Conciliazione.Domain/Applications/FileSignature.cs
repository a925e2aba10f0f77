namespace Conciliazione.Domain.Applications;

public enum UploadKind
{
    Pdf,
    Jpeg,
    Png,
}

/// <summary>
/// Recognises an upload by its content (magic bytes), never by its name or declared type
/// (SECURITY-CHECKS #22, ASVS 5.2.2): an .exe renamed .pdf is refused.
/// </summary>
public static class FileSignature
{
    /// <summary>Largest accepted upload: 10 MB.</summary>
    public const long MaxBytes = 10L * 1024 * 1024;

    private static ReadOnlySpan<byte> Pdf => "%PDF-"u8;

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    public static UploadKind? Detect(ReadOnlySpan<byte> head) =>
        head.StartsWith(Pdf) ? UploadKind.Pdf
        : head.StartsWith(Png) ? UploadKind.Png
        : head.StartsWith(Jpeg) ? UploadKind.Jpeg
        : null;

    public static string ContentType(UploadKind kind) => kind switch
    {
        UploadKind.Pdf => "application/pdf",
        UploadKind.Png => "image/png",
        UploadKind.Jpeg => "image/jpeg",
        _ => "application/octet-stream",
    };

    public static string Extension(UploadKind kind) => kind switch
    {
        UploadKind.Pdf => ".pdf",
        UploadKind.Png => ".png",
        UploadKind.Jpeg => ".jpg",
        _ => "",
    };

    /// <summary>
    /// A download name made only of safe characters, with the extension of the real content:
    /// "../../x.pdf" becomes "x.pdf" (SECURITY-CHECKS #23).
    /// </summary>
    public static string SafeFileName(string? original, UploadKind kind)
    {
        var name = Path.GetFileNameWithoutExtension(Path.GetFileName((original ?? "").Replace('\\', '/')));
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray()).Trim('_');
        if (safe.Length == 0)
        {
            safe = "documento";
        }

        return (safe.Length > 80 ? safe[..80] : safe) + Extension(kind);
    }
}
