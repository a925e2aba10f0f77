using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Vouchers;

namespace Conciliazione.Domain.Tests.Monitoring;

public sealed class IndicatorValueTests
{
    private static readonly DateTimeOffset Now = new(2018, 7, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly MonitoringPeriod S1 = new(2018, 1);
    private static readonly byte[] Pdf = "%PDF-1.4\n% evidenza\n%%EOF\n"u8.ToArray();

    private static (Project Project, Indicator Manual, Indicator Computed, MonitoringDocument Document) Plan()
    {
        var project = Project.Create(Guid.NewGuid(), Guid.NewGuid(), "Progetto", "Piano", new DateOnly(2017, 1, 1), new DateOnly(2018, 12, 31));
        var action = project.AddAction("C1", new ActionTexts("Smart working", null, null, null, null, null, null));
        var manual = project.AddIndicator(action.Id, "Soggetti coinvolti", "soggetti", TargetComparison.AtLeast, 10, IndicatorSource.Manual, null);
        var computed = project.AddIndicator(action.Id, "Famiglie", "famiglie", TargetComparison.AtLeast, 2, IndicatorSource.Computed, IndicatorComputations.FamiliesWithVoucher);
        var document = MonitoringDocument.Upload(project.AllianceId, project.Id, MonitoringDocumentPurpose.IndicatorEvidence, new UploadedFile("verbale.pdf", Pdf), Now, null);
        return (project, manual, computed, document);
    }

    [Fact]
    public void Record_KeepsValueEvidenceDocumentPeriodAndWho()
    {
        var (project, manual, _, document) = Plan();
        var by = Guid.NewGuid();
        var value = IndicatorValue.Record(project, manual, S1, 12, "  Verbale del tavolo  ", document, Now, by);
        Assert.Equal(12, value.Value);
        Assert.Equal("Verbale del tavolo", value.Evidence);
        Assert.Equal(document.Id, value.EvidenceDocumentId);
        Assert.Equal((S1.Start, S1.End), (value.PeriodStart, value.PeriodEnd));
        Assert.Equal(S1, value.Period);
        Assert.Equal((project.Id, project.AllianceId, manual.Id, by), (value.ProjectId, value.AllianceId, value.IndicatorId, value.RecordedBy));
        Assert.Null(value.SupersededAt);
        Assert.True(manual.IsMet(value.Value));
    }

    [Fact]
    public void Supersede_MarksTheValueReplacedOnce()
    {
        var (project, manual, _, document) = Plan();
        var value = IndicatorValue.Record(project, manual, S1, 3, "Verbale", document, Now, null);
        value.Supersede(Now.AddDays(1));
        value.Supersede(Now.AddDays(2));
        Assert.Equal(Now.AddDays(1), value.SupersededAt);
    }

    [Fact]
    public void Record_RefusesAComputedIndicator()
    {
        var (project, _, computed, document) = Plan();
        var error = Assert.Throws<DomainException>(() => IndicatorValue.Record(project, computed, S1, 3, "Verbale", document, Now, null));
        Assert.Equal(IndicatorValue.ComputedMessage, error.Message);
    }

    [Fact]
    public void Record_RefusesNegativeMissingEvidenceOrDocument_AndAPeriodOutsideTheProject()
    {
        var (project, manual, _, document) = Plan();
        Assert.Equal("Il valore non può essere negativo.", Assert.Throws<DomainException>(() => IndicatorValue.Record(project, manual, S1, -1, "Verbale", document, Now, null)).Message);
        Assert.StartsWith("Indicare su quale documento", Assert.Throws<DomainException>(() => IndicatorValue.Record(project, manual, S1, 1, " ", document, Now, null)).Message, StringComparison.Ordinal);
        Assert.Equal("Allegare il documento che prova il valore.", Assert.Throws<DomainException>(() => IndicatorValue.Record(project, manual, S1, 1, "Verbale", null, Now, null)).Message);
        Assert.Equal("Il periodo è fuori dalle date del progetto.", Assert.Throws<DomainException>(() => IndicatorValue.Record(project, manual, new MonitoringPeriod(2019, 1), 1, "Verbale", document, Now, null)).Message);
    }

    [Fact]
    public void Record_RefusesAClosedProject_WithItsMessage()
    {
        var (project, manual, _, document) = Plan();
        project.Close(new DateOnly(2019, 1, 15), null);
        Assert.Equal(Project.ClosedMessage, Assert.Throws<DomainException>(() => IndicatorValue.Record(project, manual, S1, 1, "Verbale", document, Now, null)).Message);
    }

    [Fact]
    public void Cutoff_IsTheNextMidnightInRome_AndEurosAreRoundedDown()
    {
        Assert.Equal(new DateTimeOffset(2018, 6, 30, 22, 0, 0, TimeSpan.Zero), IndicatorValues.Cutoff(new DateOnly(2018, 6, 30)));
        Assert.Equal(new DateTimeOffset(2018, 12, 31, 23, 0, 0, TimeSpan.Zero), IndicatorValues.Cutoff(new DateOnly(2018, 12, 31)));
        Assert.Equal(200, IndicatorValues.WholeEuros(200.99m));
        Assert.Equal(0, IndicatorValues.WholeEuros(0m));
    }
}
