using Conciliazione.Domain.Auditing;

namespace Conciliazione.Domain.Tests.Auditing;

public sealed class AuditEventTests
{
    [Fact]
    public void Record_StoresTheMomentInUtc_WhateverTheOffsetGiven()
    {
        var romeEvening = new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(2));

        var evt = AuditEvent.Record(romeEvening, Guid.NewGuid(), AuditActions.LoginSucceeded, "User", "42");

        Assert.Equal(TimeSpan.Zero, evt.OccurredAt.Offset);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero), evt.OccurredAt);
        Assert.Equal(AuditActions.LoginSucceeded, evt.Action);
    }
}
