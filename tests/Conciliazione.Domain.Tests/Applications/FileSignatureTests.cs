using Conciliazione.Domain.Applications;

namespace Conciliazione.Domain.Tests.Applications;

public sealed class FileSignatureTests
{
    public static TheoryData<byte[], UploadKind?> Samples => new()
    {
        { "%PDF-1.7\n%\u00e2\u00e3"u8.ToArray(), UploadKind.Pdf },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00], UploadKind.Png },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10], UploadKind.Jpeg },
        { "MZ\u0090\u0000 this is a windows executable"u8.ToArray(), null },
        { "<html><script>alert(1)</script>"u8.ToArray(), null },
        { [], null },
        { "%PD"u8.ToArray(), null },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Detect_LooksAtTheContent_NotTheName(byte[] head, UploadKind? expected) =>
        Assert.Equal(expected, FileSignature.Detect(head));

    [Theory]
    [InlineData("../../x.pdf", UploadKind.Pdf, "x.pdf")]
    [InlineData("C:\\Users\\mario\\ISEE 2026.pdf", UploadKind.Pdf, "ISEE_2026.pdf")]
    [InlineData("programma.exe", UploadKind.Pdf, "programma.pdf")]
    [InlineData("foto.png", UploadKind.Jpeg, "foto.jpg")]
    [InlineData("", UploadKind.Png, "documento.png")]
    [InlineData("<script>.pdf", UploadKind.Pdf, "script.pdf")]
    public void SafeFileName_KeepsOnlySafeCharacters_AndTheRealExtension(string original, UploadKind kind, string expected) =>
        Assert.Equal(expected, FileSignature.SafeFileName(original, kind));
}
