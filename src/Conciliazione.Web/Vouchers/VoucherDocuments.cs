using System.Globalization;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Documents;
using QRCoder;

namespace Conciliazione.Web.Vouchers;

/// <summary>Everything the voucher PDF states, already formatted for people (it-IT), with the QR code of the code as a PNG data URI.</summary>
public sealed record VoucherDocument(
    string AllianceName,
    string LeadPartnerName,
    string CallReference,
    string CallTitle,
    string ProtocolNumber,
    string ApplicantName,
    string Code,
    string QrCodeDataUri,
    string Cap,
    string Service,
    string ProviderName,
    string ValidFrom,
    string ValidTo,
    string ReceiptsUntil,
    string Status,
    string Claimed,
    string Paid,
    string Left,
    string PayeeText,
    string IssuedOn);

/// <summary>
/// The voucher as a PDF the family downloads and shows to the provider: rendered on each download
/// from the voucher as it is now (status, what is left), never stored (ADR 0077). The QR code holds
/// only the voucher code: a provider or an operator scans it and looks the code up.
/// </summary>
public sealed class VoucherDocuments(RazorDocumentRenderer documents, IPdfRenderer pdf)
{
    private static readonly CultureInfo It = CultureInfo.GetCultureInfo("it-IT");

    /// <summary>The QR code of <paramref name="code"/> as a PNG (error correction Q: readable from a crumpled print-out).</summary>
    public static byte[] QrPng(string code, int pixelsPerModule = 6)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.Q);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string QrDataUri(string code, int pixelsPerModule = 6) => "data:image/png;base64," + Convert.ToBase64String(QrPng(code, pixelsPerModule));

    public async Task<(string FileName, byte[] Bytes)> RenderAsync(VoucherFacts v, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(v);
        var model = new VoucherDocument(
            v.AllianceName,
            v.LeadPartnerName,
            v.CallReference,
            v.CallTitle,
            v.ProtocolNumber,
            v.ApplicantName,
            v.Code,
            QrDataUri(v.Code, 8),
            Domain.Money.Format(v.Cap),
            v.Service,
            string.IsNullOrWhiteSpace(v.ProviderName) ? "-" : v.ProviderName,
            Day(v.ValidFrom),
            Day(v.ValidTo),
            Day(v.ReceiptsUntil),
            Voucher.Italian(v.Status),
            Domain.Money.Format(v.Claimed),
            Domain.Money.Format(v.Paid),
            Domain.Money.Format(v.Left),
            v.Payee == PayeeKind.Family
                ? "Il rimborso è versato alla famiglia, sul conto intestato al richiedente indicato nel portale."
                : "Il rimborso è versato direttamente all'ente che eroga il servizio.",
            Day(today));
        var html = await documents.RenderAsync("~/Documents/Views/VoucherDocument.cshtml", model);
        var bytes = await pdf.RenderAsync(html, new PdfMetadata("Voucher " + v.Code, v.CallReference + " - " + v.CallTitle, v.LeadPartnerName), ct);
        return ("voucher-" + v.Code + ".pdf", bytes);
    }

    private static string Day(DateOnly d) => d.ToString("dd/MM/yyyy", It);
}
