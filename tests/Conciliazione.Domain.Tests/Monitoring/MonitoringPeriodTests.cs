using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;

namespace Conciliazione.Domain.Tests.Monitoring;

public sealed class MonitoringPeriodTests
{
    [Theory]
    [InlineData(2018, 1, 1, "2018-S1", "1° semestre 2018")]
    [InlineData(2018, 6, 30, "2018-S1", "1° semestre 2018")]
    [InlineData(2018, 7, 1, "2018-S2", "2° semestre 2018")]
    [InlineData(2018, 12, 31, "2018-S2", "2° semestre 2018")]
    public void Containing_GivesTheHalfYear(int year, int month, int day, string key, string label)
    {
        var p = MonitoringPeriod.Containing(new DateOnly(year, month, day));
        Assert.Equal(key, p.Key);
        Assert.Equal(label, p.Label);
        Assert.True(p.Start <= new DateOnly(year, month, day) && new DateOnly(year, month, day) <= p.End);
    }

    [Fact]
    public void StartEndAndNext_CoverTheYearWithoutGaps()
    {
        var first = new MonitoringPeriod(2017, 1);
        Assert.Equal(new DateOnly(2017, 1, 1), first.Start);
        Assert.Equal(new DateOnly(2017, 6, 30), first.End);
        var second = first.Next();
        Assert.Equal(new MonitoringPeriod(2017, 2), second);
        Assert.Equal(first.End.AddDays(1), second.Start);
        Assert.Equal(new DateOnly(2017, 12, 31), second.End);
        Assert.Equal(new MonitoringPeriod(2018, 1), second.Next());
    }

    [Theory]
    [InlineData("2018-S1", true)]
    [InlineData(" 2018-S2 ", true)]
    [InlineData("2018-S3", false)]
    [InlineData("2018S1", false)]
    [InlineData("18-S1", false)]
    [InlineData("+018-S1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryParse_ReadsOnlyTheKeyShape(string? key, bool ok)
    {
        Assert.Equal(ok, MonitoringPeriod.TryParse(key, out var p));
        if (ok)
        {
            Assert.Equal(key!.Trim(), p.Key);
        }
    }

    [Fact]
    public void Of_ListsTheHalfYearsTheProjectTouches_InOrder()
    {
        var project = Project.Create(Guid.NewGuid(), Guid.NewGuid(), "Progetto", "Piano", new DateOnly(2017, 3, 15), new DateOnly(2018, 7, 2));
        Assert.Equal(["2017-S1", "2017-S2", "2018-S1", "2018-S2"], MonitoringPeriod.Of(project).Select(p => p.Key));
        Assert.Equal(["2018-S1"], MonitoringPeriod.Between(new DateOnly(2018, 6, 30), new DateOnly(2018, 6, 30)).Select(p => p.Key));
    }
}
