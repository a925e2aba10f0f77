using System.Globalization;
using System.Text;
using System.Xml;

namespace Conciliazione.Web.Vouchers.Payouts;

/// <summary>
/// SEPA Credit Transfer initiation, ISO 20022 <c>pain.001.001.09</c>, as the EPC SCT customer-to-bank
/// implementation guidelines (2019 message version, in use since November 2023) want it: one group
/// header, one payment information block (the alliance's account, the requested execution date,
/// service level SEPA, charges SLEV) and one credit transfer per payee, amounts in euro with two
/// decimals, text in the EPC basic Latin character set.
/// </summary>
/// <remarks>
/// Element order follows the schema (a bank rejects a file whose elements are out of order);
/// <c>SepaPain001V09Tests</c> checks it element by element. Lines fully netted by a recovery make
/// no transfer and are left out of the file, so NbOfTxs and CtrlSum count the transfers only.
/// </remarks>
public sealed class SepaPain001V09 : IPaymentFileFormat
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

    public string Name => "pain.001.001.09";

    public string Extension => "xml";

    public string ContentType => "application/xml";

    public byte[] Write(PaymentOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var transfers = order.Transfers;
        if (transfers.Count == 0)
        {
            throw new InvalidOperationException("A pain.001 file needs at least one transfer.");
        }

        var count = transfers.Count.ToString(CultureInfo.InvariantCulture);
        var sum = Amount(transfers.Sum(t => t.Amount));
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };
        using (var x = XmlWriter.Create(stream, settings))
        {
            x.WriteStartDocument();
            x.WriteStartElement("Document", Namespace);
            x.WriteStartElement("CstmrCdtTrfInitn");

            x.WriteStartElement("GrpHdr");
            x.WriteElementString("MsgId", Id(order.MessageId));
            x.WriteElementString("CreDtTm", order.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            x.WriteElementString("NbOfTxs", count);
            x.WriteElementString("CtrlSum", sum);
            x.WriteStartElement("InitgPty");
            x.WriteElementString("Nm", EpcText.Clean(order.Debtor.Name, 70));
            if (!string.IsNullOrWhiteSpace(order.Debtor.InitiatorId))
            {
                // The CUC (codice unico CBI) Italian banks assign to the initiating party.
                x.WriteStartElement("Id");
                x.WriteStartElement("OrgId");
                x.WriteStartElement("Othr");
                x.WriteElementString("Id", EpcText.Clean(order.Debtor.InitiatorId, 35));
                x.WriteElementString("Issr", "CBI");
                x.WriteEndElement();
                x.WriteEndElement();
                x.WriteEndElement();
            }

            x.WriteEndElement(); // InitgPty
            x.WriteEndElement(); // GrpHdr

            x.WriteStartElement("PmtInf");
            x.WriteElementString("PmtInfId", Id(order.BatchNumber));
            x.WriteElementString("PmtMtd", "TRF");
            x.WriteElementString("BtchBookg", "false");
            x.WriteElementString("NbOfTxs", count);
            x.WriteElementString("CtrlSum", sum);
            x.WriteStartElement("PmtTpInf");
            x.WriteStartElement("SvcLvl");
            x.WriteElementString("Cd", "SEPA");
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteStartElement("ReqdExctnDt");
            x.WriteElementString("Dt", order.RequestedExecutionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            x.WriteEndElement();
            x.WriteStartElement("Dbtr");
            x.WriteElementString("Nm", EpcText.Clean(order.Debtor.Name, 70));
            x.WriteEndElement();
            x.WriteStartElement("DbtrAcct");
            x.WriteStartElement("Id");
            x.WriteElementString("IBAN", Domain.Vouchers.Iban.Normalize(order.Debtor.Iban));
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteStartElement("DbtrAgt");
            x.WriteStartElement("FinInstnId");
            if (string.IsNullOrWhiteSpace(order.Debtor.Bic))
            {
                // EPC: the BIC is optional for SEPA transfers; "NOTPROVIDED" says so explicitly.
                x.WriteStartElement("Othr");
                x.WriteElementString("Id", "NOTPROVIDED");
                x.WriteEndElement();
            }
            else
            {
                x.WriteElementString("BICFI", Domain.Vouchers.Bic.Normalize(order.Debtor.Bic));
            }

            x.WriteEndElement(); // FinInstnId
            x.WriteEndElement(); // DbtrAgt
            x.WriteElementString("ChrgBr", "SLEV");

            foreach (var t in transfers)
            {
                x.WriteStartElement("CdtTrfTxInf");
                x.WriteStartElement("PmtId");
                x.WriteElementString("EndToEndId", Id(t.EndToEndId));
                x.WriteEndElement();
                x.WriteStartElement("Amt");
                x.WriteStartElement("InstdAmt");
                x.WriteAttributeString("Ccy", "EUR");
                x.WriteString(Amount(t.Amount));
                x.WriteEndElement();
                x.WriteEndElement();
                x.WriteStartElement("Cdtr");
                x.WriteElementString("Nm", EpcText.Clean(t.CreditorName, 70));
                x.WriteEndElement();
                x.WriteStartElement("CdtrAcct");
                x.WriteStartElement("Id");
                x.WriteElementString("IBAN", Domain.Vouchers.Iban.Normalize(t.CreditorIban));
                x.WriteEndElement();
                x.WriteEndElement();
                x.WriteStartElement("RmtInf");
                x.WriteElementString("Ustrd", EpcText.Clean(t.Remittance, 140));
                x.WriteEndElement();
                x.WriteEndElement(); // CdtTrfTxInf
            }

            x.WriteEndElement(); // PmtInf
            x.WriteEndElement(); // CstmrCdtTrfInitn
            x.WriteEndElement(); // Document
            x.WriteEndDocument();
        }

        return stream.ToArray();
    }

    /// <summary>Euro with two decimals and a point ("1234.50"), as the schema's decimal type wants.</summary>
    public static string Amount(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>An identifier (MsgId, PmtInfId, EndToEndId): EPC text, at most 35 characters, no leading or trailing slash, no "//".</summary>
    private static string Id(string value)
    {
        var s = EpcText.Clean(value, 35).Replace(' ', '-').Replace("//", "/", StringComparison.Ordinal).Trim('/');
        return s.Length == 0 ? "NOTPROVIDED" : s;
    }
}
