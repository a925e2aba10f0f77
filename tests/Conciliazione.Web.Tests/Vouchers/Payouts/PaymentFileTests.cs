using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Vouchers.Payouts;

namespace Conciliazione.Web.Tests.Vouchers.Payouts;

/// <summary>
/// The bank file (ISO 20022 pain.001.001.09 under the EPC SCT customer-to-PSP guidelines) and the
/// treasurer's CSV, element by element: a bank refuses a file with elements out of order, a control
/// sum that does not add up, or characters outside the EPC set.
/// </summary>
public sealed class PaymentFileTests
{
    private static readonly XNamespace Ns = SepaPain001V09.Namespace;

    private static PaymentOrder Order(string? bic = "BCITITMM", string? initiator = "ABC1234Z") => new(
        "CNZ0194f3b2c1d07e8a9b0c1d2e3f405162",
        "LIQ-2026-0007",
        new DateTimeOffset(2026, 12, 1, 20, 15, 30, TimeSpan.Zero),
        new DateOnly(2026, 12, 3),
        new PaymentDebtor("Comune di Castellanza - Ente capofila", PayoutSeeds.DebtorIban, bic, initiator),
        [
            new PaymentTransfer("0194f3b2c1d07e8a9b0c1d2e-00001", "AV-2026-000001", PayeeKind.Family, "Niccolò D'Alessandro Müller", PayoutSeeds.FamilyIban(1), 200m, 0m, 200m, "Rimborso voucher conciliazione prot. AV-2026-000001 periodo 01/09/2026-30/09/2026"),
            new PaymentTransfer("0194f3b2c1d07e8a9b0c1d2e-00002", "AV-2026-000002", PayeeKind.Family, "Famiglia Prova 2", PayoutSeeds.FamilyIban(2), 150m, 150m, 0m, "Rimborso voucher conciliazione prot. AV-2026-000002 periodo 01/09/2026-30/09/2026"),
            new PaymentTransfer("0194f3b2c1d07e8a9b0c1d2e-00003", "AV-2026-000003", PayeeKind.Provider, "Cooperativa Sociale \"Il Girasole\" & C.; asilo", PayoutSeeds.FamilyIban(3), 175.5m, 0m, 175.5m, "Rimborso voucher conciliazione prot. AV-2026-000003 periodo 01/10/2026-31/10/2026"),
            new PaymentTransfer("0194f3b2c1d07e8a9b0c1d2e-00004", "AV-2026-000004", PayeeKind.Family, "Famiglia Prova 4", PayoutSeeds.FamilyIban(4), 80.1m, 30m, 50.1m, "Rimborso voucher conciliazione prot. AV-2026-000004 periodo 01/10/2026-31/10/2026"),
        ]);

    private static XDocument Xml(PaymentOrder order) => XDocument.Parse(Encoding.UTF8.GetString(new SepaPain001V09().Write(order)));

    private static string[] Children(XElement e) => e.Elements().Select(c => c.Name.LocalName).ToArray();

    [Fact]
    public void Pain001_HasTheNamespaceAndTheElementsInSchemaOrder()
    {
        var xml = Xml(Order());
        var root = xml.Root!;
        Assert.Equal(Ns + "Document", root.Name);
        Assert.Equal(["CstmrCdtTrfInitn"], Children(root));
        var initiation = root.Element(Ns + "CstmrCdtTrfInitn")!;
        Assert.Equal(["GrpHdr", "PmtInf"], Children(initiation));
        Assert.Equal(["MsgId", "CreDtTm", "NbOfTxs", "CtrlSum", "InitgPty"], Children(initiation.Element(Ns + "GrpHdr")!));
        var pmtInf = initiation.Element(Ns + "PmtInf")!;
        Assert.Equal(
            ["PmtInfId", "PmtMtd", "BtchBookg", "NbOfTxs", "CtrlSum", "PmtTpInf", "ReqdExctnDt", "Dbtr", "DbtrAcct", "DbtrAgt", "ChrgBr", "CdtTrfTxInf", "CdtTrfTxInf", "CdtTrfTxInf"],
            Children(pmtInf));
        Assert.All(pmtInf.Elements(Ns + "CdtTrfTxInf"), tx => Assert.Equal(["PmtId", "Amt", "Cdtr", "CdtrAcct", "RmtInf"], Children(tx)));
        Assert.Equal("TRF", pmtInf.Element(Ns + "PmtMtd")!.Value);
        Assert.Equal("SEPA", pmtInf.Element(Ns + "PmtTpInf")!.Element(Ns + "SvcLvl")!.Element(Ns + "Cd")!.Value);
        Assert.Equal("2026-12-03", pmtInf.Element(Ns + "ReqdExctnDt")!.Element(Ns + "Dt")!.Value);
        Assert.Equal("SLEV", pmtInf.Element(Ns + "ChrgBr")!.Value);
        Assert.Equal("2026-12-01T20:15:30Z", initiation.Element(Ns + "GrpHdr")!.Element(Ns + "CreDtTm")!.Value);
        Assert.Equal("LIQ-2026-0007", pmtInf.Element(Ns + "PmtInfId")!.Value);
    }

    [Fact]
    public void Pain001_ControlSumAndCount_AddUpTheTransfers_AndAFullyNettedLineMakesNoTransfer()
    {
        var xml = Xml(Order());
        var transfers = xml.Descendants(Ns + "CdtTrfTxInf").ToList();
        Assert.Equal(3, transfers.Count);
        Assert.DoesNotContain(transfers, t => t.Descendants(Ns + "EndToEndId").Single().Value.EndsWith("00002", StringComparison.Ordinal));
        var amounts = transfers.Select(t => t.Element(Ns + "Amt")!.Element(Ns + "InstdAmt")!).ToList();
        Assert.All(amounts, a =>
        {
            Assert.Equal("EUR", a.Attribute("Ccy")!.Value);
            Assert.Matches(@"^\d+\.\d{2}$", a.Value);
        });
        Assert.Equal(["200.00", "175.50", "50.10"], amounts.Select(a => a.Value));
        var header = xml.Descendants(Ns + "GrpHdr").Single();
        var pmtInf = xml.Descendants(Ns + "PmtInf").Single();
        foreach (var block in new[] { header, pmtInf })
        {
            Assert.Equal("3", block.Element(Ns + "NbOfTxs")!.Value);
            Assert.Equal("425.60", block.Element(Ns + "CtrlSum")!.Value);
        }

        Assert.Equal(425.60m, amounts.Sum(a => decimal.Parse(a.Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Pain001_DebtorCreditorAccounts_AreIbans_WithTheBicOrNotProvided()
    {
        var xml = Xml(Order());
        var pmtInf = xml.Descendants(Ns + "PmtInf").Single();
        Assert.Equal(PayoutSeeds.DebtorIban, pmtInf.Element(Ns + "DbtrAcct")!.Element(Ns + "Id")!.Element(Ns + "IBAN")!.Value);
        Assert.Equal("BCITITMM", pmtInf.Element(Ns + "DbtrAgt")!.Element(Ns + "FinInstnId")!.Element(Ns + "BICFI")!.Value);
        Assert.Equal("Comune di Castellanza - Ente capofila", pmtInf.Element(Ns + "Dbtr")!.Element(Ns + "Nm")!.Value);
        var initiator = xml.Descendants(Ns + "InitgPty").Single();
        Assert.Equal(["Nm", "Id"], Children(initiator));
        Assert.Equal("ABC1234Z", initiator.Descendants(Ns + "Othr").Single().Element(Ns + "Id")!.Value);
        Assert.Equal("CBI", initiator.Descendants(Ns + "Othr").Single().Element(Ns + "Issr")!.Value);
        var ibans = xml.Descendants(Ns + "CdtrAcct").Select(a => a.Element(Ns + "Id")!.Element(Ns + "IBAN")!.Value).ToList();
        Assert.Equal([PayoutSeeds.FamilyIban(1), PayoutSeeds.FamilyIban(3), PayoutSeeds.FamilyIban(4)], ibans);
        Assert.All(ibans.Append(PayoutSeeds.DebtorIban), i => Assert.Null(Iban.Check(i)));

        var noBic = Xml(Order(bic: null, initiator: null));
        var agent = noBic.Descendants(Ns + "DbtrAgt").Single().Element(Ns + "FinInstnId")!;
        Assert.Equal(["Othr"], Children(agent));
        Assert.Equal("NOTPROVIDED", agent.Element(Ns + "Othr")!.Element(Ns + "Id")!.Value);
        Assert.Equal(["Nm"], Children(noBic.Descendants(Ns + "InitgPty").Single()));
    }

    [Fact]
    public void Pain001_TextStaysInTheEpcCharacterSetAndLengths()
    {
        var xml = Xml(Order());
        var allowed = new Regex(@"^[A-Za-z0-9/\-?:().,'+ ]*$");
        foreach (var text in xml.Descendants().Where(e => !e.HasElements))
        {
            Assert.Matches(allowed, text.Value);
        }

        var names = xml.Descendants(Ns + "Cdtr").Select(c => c.Element(Ns + "Nm")!.Value).ToList();
        Assert.Equal("Niccolo D'Alessandro Muller", names[0]);
        Assert.Equal("Cooperativa Sociale Il Girasole C. asilo", names[1]);
        Assert.All(xml.Descendants(Ns + "Nm"), n => Assert.InRange(n.Value.Length, 1, 70));
        Assert.All(xml.Descendants(Ns + "Ustrd"), u => Assert.InRange(u.Value.Length, 1, 140));
        Assert.All(xml.Descendants().Where(e => e.Name.LocalName is "MsgId" or "PmtInfId" or "EndToEndId"), i => Assert.InRange(i.Value.Length, 1, 35));
        Assert.Equal("Rimborso voucher conciliazione prot. AV-2026-000001 periodo 01/09/2026-30/09/2026", xml.Descendants(Ns + "Ustrd").First().Value);
    }

    [Fact]
    public void Pain001_IsUtf8WithoutByteOrderMark_AndTheSameOrderGivesTheSameBytes()
    {
        var a = new SepaPain001V09().Write(Order());
        var b = new SepaPain001V09().Write(Order());
        Assert.Equal(a, b);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.UTF8.GetString(a), StringComparison.Ordinal);
        Assert.NotEqual(0xEF, a[0]);
    }

    [Fact]
    public void Pain001_WithNoTransfer_IsNotWritten() =>
        Assert.Throws<InvalidOperationException>(() => new SepaPain001V09().Write(Order() with { Lines = [Order().Lines[1]] }));

    [Fact]
    public void TreasurerCsv_IsUtf8WithBom_SemicolonSeparated_WithItalianDecimals_AllLinesAndATotal()
    {
        var bytes = new TreasurerCsv().Write(Order());
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, rows.Length);
        Assert.Equal(string.Join(';', TreasurerCsv.Header), rows[0]);
        Assert.Equal($"LIQ-2026-0007;1;AV-2026-000001;Niccolò D'Alessandro Müller;Famiglia;{PayoutSeeds.FamilyIban(1)};200,00;0,00;200,00;Rimborso voucher conciliazione prot. AV-2026-000001 periodo 01/09/2026-30/09/2026;0194f3b2c1d07e8a9b0c1d2e-00001;03/12/2026", rows[1]);
        // Fully netted: listed with no transfer id.
        Assert.Equal($"LIQ-2026-0007;2;AV-2026-000002;Famiglia Prova 2;Famiglia;{PayoutSeeds.FamilyIban(2)};150,00;150,00;0,00;Rimborso voucher conciliazione prot. AV-2026-000002 periodo 01/09/2026-30/09/2026;;03/12/2026", rows[2]);
        Assert.Contains(";\"Cooperativa Sociale \"\"Il Girasole\"\" & C.; asilo\";Ente erogatore;", rows[3], StringComparison.Ordinal);
        Assert.Contains(";175,50;0,00;175,50;", rows[3], StringComparison.Ordinal);
        Assert.Equal("LIQ-2026-0007;Totale;;;;;605,60;180,00;425,60;;;03/12/2026", rows[5]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK")]
    [InlineData("+39 sconto", "'+39 sconto")]
    [InlineData("@SUM", "'@SUM")]
    public void TreasurerCsv_NeverStartsAFieldWithAFormula(string name, string expected)
    {
        var order = Order() with { Lines = [Order().Lines[0] with { CreditorName = name }] };
        var row = Encoding.UTF8.GetString(new TreasurerCsv().Write(order)[3..]).Split("\r\n")[1];
        Assert.Contains(expected, row, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Niccolò Àlvarez-Brüggemann", 70, "Niccolo Alvarez-Bruggemann")]
    [InlineData("Società  «Arcobaleno»  s.r.l.", 70, "Societa Arcobaleno s.r.l.")]
    [InlineData("Asilo nido comunale \"Peter Pan\" – sede di via Roma", 30, "Asilo nido comunale Peter Pan")]
    public void EpcText_KeepsTheBasicLatinSet(string text, int max, string expected) => Assert.Equal(expected, EpcText.Clean(text, max));
}
