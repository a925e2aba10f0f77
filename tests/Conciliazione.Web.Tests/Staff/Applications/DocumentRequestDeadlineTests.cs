using Conciliazione.Web.Review;

namespace Conciliazione.Web.Tests.Staff.Applications;

/// <summary>A deadline day ends at the next midnight in Rome, in winter and in summer time, and reads back as the same day.</summary>
public sealed class DocumentRequestDeadlineTests
{
    [Theory]
    [InlineData("2026-03-28", "2026-03-28T23:00:00Z")] // CET, the night before summer time starts
    [InlineData("2026-03-29", "2026-03-29T22:00:00Z")] // the day summer time starts: next midnight is CEST
    [InlineData("2026-10-24", "2026-10-24T22:00:00Z")] // CEST
    [InlineData("2026-10-25", "2026-10-25T23:00:00Z")] // the day summer time ends: next midnight is CET
    [InlineData("2026-12-11", "2026-12-11T23:00:00Z")]
    public void EndOf_IsTheNextMidnightInRome_AndDayOfGivesTheDayBack(string day, string expectedUtc)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

        var dueAt = DocumentRequestDeadline.EndOf(date);

        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), dueAt);
        Assert.Equal(TimeSpan.Zero, dueAt.Offset);
        Assert.Equal(date, DocumentRequestDeadline.DayOf(dueAt));
        Assert.Equal(date.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture), DocumentRequestDeadline.Show(dueAt));
    }

    [Fact]
    public void Today_IsTheDateInRome_NotInUtc()
    {
        // 23:30 UTC on 11 December is already 12 December in Rome.
        Assert.Equal(new DateOnly(2026, 12, 12), DocumentRequestDeadline.Today(new DateTimeOffset(2026, 12, 11, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 12, 22), DocumentRequestDeadline.DefaultDay(new DateTimeOffset(2026, 12, 11, 23, 30, 0, TimeSpan.Zero)));
    }
}
