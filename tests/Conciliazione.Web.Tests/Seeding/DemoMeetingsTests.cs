using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Seeding;

public sealed class DemoMeetingsTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task DemoSeed_PlansThePlansFourMeetings_OnTheCastellanzaProject_AndIsIdempotent()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(0, await Factory.WithDbAsync(db => db.Meetings.CountAsync(TestContext.Current.CancellationToken)));

        await Factory.WithDbAsync(db => DemoMeetings.SeedAsync(db, now, TestContext.Current.CancellationToken));
        await Factory.WithDbAsync(db => DemoMeetings.SeedAsync(db, now, TestContext.Current.CancellationToken));

        var meetings = await Factory.WithDbAsync(db => db.Meetings.AsNoTracking().OrderBy(m => m.PlannedOn).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(
            [new DateOnly(2017, 10, 17), new DateOnly(2018, 1, 23), new DateOnly(2018, 6, 19), new DateOnly(2018, 12, 11)],
            meetings.Select(m => m.PlannedOn));
        Assert.All(meetings, m =>
        {
            Assert.Equal((CastellanzaPlan.CurrentProjectId, MeetingStatus.Planned), (m.ProjectId, m.Status));
            Assert.StartsWith("[DEMO]", m.Title, StringComparison.Ordinal);
        });
    }
}
