using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Vouchers;

namespace Conciliazione.Domain.Tests.Monitoring;

public sealed class SpendingEntryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Partner = Guid.NewGuid();
    private static readonly DateOnly InProject = new(2018, 3, 15);
    private static readonly byte[] Pdf = "%PDF-1.4\n% prova\n%%EOF\n"u8.ToArray();

    private static Project NewProject() =>
        Project.Create(Guid.NewGuid(), Guid.NewGuid(), "Progetto di prova", "Piano di prova", new DateOnly(2017, 1, 1), new DateOnly(2018, 12, 31));

    private static MonitoringDocument Document(Project p, MonitoringDocumentPurpose purpose = MonitoringDocumentPurpose.Cost) =>
        MonitoringDocument.Upload(p.AllianceId, p.Id, purpose, new UploadedFile("fattura.pdf", Pdf), Now, null);

    private static IReadOnlyList<DomainError> Refusal(Action act) => Assert.Throws<DomainException>(act).Errors;

    [Fact]
    public void RecordCost_WithEverything_KeepsTheFiguresAndTheDocument()
    {
        var p = NewProject();
        var doc = Document(p);

        var entry = CostEntry.Record(p, CostCategory.Services, Partner, 1_234.56m, InProject, "  Fattura 12/2018 ", doc, Now, null);

        Assert.Equal((p.AllianceId, p.Id, CostCategory.Services, Partner, 1_234.56m, InProject, "Fattura 12/2018", doc.Id),
            (entry.AllianceId, entry.ProjectId, entry.Category, entry.PartnerId, entry.Amount, entry.IncurredOn, entry.Description, entry.DocumentId));
        Assert.False(entry.IsWithdrawn);
    }

    [Theory]
    [InlineData("0", "L'importo deve essere maggiore di zero.")]
    [InlineData("-1", "L'importo deve essere maggiore di zero.")]
    [InlineData("10.123", "L'importo può avere al massimo due decimali (per esempio 1.234,56).")]
    public void RecordCost_WithABadAmount_IsRefusedOnTheAmount(string amount, string message)
    {
        var p = NewProject();
        var errors = Refusal(() => CostEntry.Record(p, CostCategory.Staff, Partner, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), InProject, "x", Document(p), Now, null));
        Assert.Equal([new DomainError("Amount", message)], errors);
    }

    [Fact]
    public void RecordCost_WithNothingRight_NamesEveryFieldAtOnce()
    {
        var p = NewProject();
        var errors = Refusal(() => CostEntry.Record(p, CostCategory.Staff, Guid.Empty, 0m, new DateOnly(2019, 1, 1), " ", null, Now, null));
        Assert.Equal(["PartnerId", "Amount", "Date", "Description", "Document"], errors.Select(e => e.Field));
        Assert.Equal("La spesa deve cadere nelle date del progetto (01/01/2017 - 31/12/2018).", errors.Single(e => e.Field == "Date").Message);
    }

    [Fact]
    public void RecordCost_OnTheProjectsFirstAndLastDay_IsAccepted()
    {
        var p = NewProject();
        Assert.Equal(p.StartDate, CostEntry.Record(p, CostCategory.Staff, Partner, 1m, p.StartDate, "x", Document(p), Now, null).IncurredOn);
        Assert.Equal(p.EndDate, CostEntry.Record(p, CostCategory.Staff, Partner, 1m, p.EndDate, "x", Document(p), Now, null).IncurredOn);
    }

    [Fact]
    public void RecordCost_InCategoryD_IsRefused_BecauseVoucherSpendingIsComputed()
    {
        var p = NewProject();
        var errors = Refusal(() => CostEntry.Record(p, CostCategory.Vouchers, Partner, 10m, InProject, "x", Document(p), Now, null));
        Assert.Equal([new DomainError("Category", CostEntry.VouchersComputedMessage)], errors);
    }

    [Fact]
    public void RecordCost_WithAnotherProjectsOrPurposesDocument_IsRefused()
    {
        var p = NewProject();
        var other = NewProject();
        Assert.Equal("Document", Refusal(() => CostEntry.Record(p, CostCategory.Staff, Partner, 10m, InProject, "x", Document(other), Now, null)).Single().Field);
        Assert.Equal("Document", Refusal(() => CostEntry.Record(p, CostCategory.Staff, Partner, 10m, InProject, "x", Document(p, MonitoringDocumentPurpose.Cofinancing), Now, null)).Single().Field);
    }

    [Fact]
    public void Record_OnAClosedProject_IsRefusedWithTheClosedMessage()
    {
        var p = NewProject();
        var doc = Document(p);
        var cofinancingDoc = Document(p, MonitoringDocumentPurpose.Cofinancing);
        p.Close(new DateOnly(2019, 1, 15), null);

        Assert.Equal(Project.ClosedMessage, Assert.Throws<DomainException>(() => CostEntry.Record(p, CostCategory.Staff, Partner, 10m, InProject, "x", doc, Now, null)).Message);
        Assert.Equal(Project.ClosedMessage, Assert.Throws<DomainException>(() => CofinancingEntry.Record(p, Partner, CofinancingKind.Cash, 10m, InProject, "x", cofinancingDoc, Now, null)).Message);
    }

    [Fact]
    public void Withdraw_NeedsAReason_KeepsTheRow_AndCannotHappenTwice()
    {
        var p = NewProject();
        var entry = CostEntry.Record(p, CostCategory.Staff, Partner, 10m, InProject, "x", Document(p), Now, null);

        Assert.Equal("Reason", Refusal(() => entry.Withdraw(p, "  ", Now)).Single().Field);
        Assert.False(entry.IsWithdrawn);

        entry.Withdraw(p, " Fattura registrata due volte ", Now.AddHours(1));
        Assert.Equal(("Fattura registrata due volte", Now.AddHours(1)), (entry.WithdrawnReason, entry.WithdrawnAt));
        Assert.Equal("La voce è già stata ritirata.", Assert.Throws<DomainException>(() => entry.Withdraw(p, "altro motivo", Now.AddHours(2))).Message);
        Assert.Equal("Fattura registrata due volte", entry.WithdrawnReason);
    }

    [Fact]
    public void Withdraw_OnAClosedProject_IsRefused()
    {
        var p = NewProject();
        var entry = CofinancingEntry.Record(p, Partner, CofinancingKind.InKind, 10m, InProject, "Ore di personale", Document(p, MonitoringDocumentPurpose.Cofinancing), Now, null);
        p.Close(new DateOnly(2019, 1, 15), null);
        Assert.Equal(Project.ClosedMessage, Assert.Throws<DomainException>(() => entry.Withdraw(p, "errore", Now)).Message);
        Assert.False(entry.IsWithdrawn);
    }

    [Fact]
    public void RecordCofinancing_WithEverything_KeepsKindAndAmount_AndRefusesAnUnknownKind()
    {
        var p = NewProject();
        var entry = CofinancingEntry.Record(p, Partner, CofinancingKind.InKind, 2_028m, InProject, "Ore dell'assistente sociale", Document(p, MonitoringDocumentPurpose.Cofinancing), Now, null);
        Assert.Equal((CofinancingKind.InKind, 2_028m, Partner), (entry.Kind, entry.Amount, entry.PartnerId));
        Assert.Equal("Kind", Refusal(() => CofinancingEntry.Record(p, Partner, (CofinancingKind)9, 1m, InProject, "x", Document(p, MonitoringDocumentPurpose.Cofinancing), Now, null)).Single().Field);
        Assert.Equal("Document", Refusal(() => CofinancingEntry.Record(p, Partner, CofinancingKind.Cash, 1m, InProject, "x", Document(p), Now, null)).Single().Field);
    }
}
