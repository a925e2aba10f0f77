namespace Conciliazione.Domain.Tests;

public sealed class PdfFileTests
{
    [Fact]
    public void Check_AcceptsPdfSignature_RefusesOtherContentEmptyAndOversize()
    {
        Assert.Null(PdfFile.Check("%PDF-1.4 ..."u8));
        Assert.Equal("Il file non è un PDF: caricare un documento in formato PDF.", PdfFile.Check("MZ\u0090\0"u8));
        Assert.Equal("Il file è vuoto.", PdfFile.Check([]));
        var big = new byte[PdfFile.MaxBytes + 1];
        "%PDF-"u8.CopyTo(big);
        Assert.Equal("Il file supera la dimensione massima di 10 MB.", PdfFile.Check(big));
        Assert.Null(PdfFile.Check(big.AsSpan(0, PdfFile.MaxBytes)));
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\Users\\x\\Bando 2027 (def).PDF", "Bando_2027__def.pdf")]
    [InlineData("bando", "bando.pdf")]
    [InlineData("", "documento.pdf")]
    [InlineData("<script>.pdf", "script.pdf")]
    public void SafeName_DropsPathsAndOddCharacters(string name, string expected)
    {
        Assert.Equal(expected, PdfFile.SafeName(name));
    }
}
