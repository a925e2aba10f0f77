using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Seeding;

public sealed class DemoCallsTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task DemoSeed_OpensOneCallForActionAAndOneForB_WithProviders_AndIsIdempotent()
    {
        var now = DateTimeOffset.UtcNow;
        await Factory.WithDbAsync(db => DemoCalls.SeedAsync(db, now, TestContext.Current.CancellationToken));
        await Factory.WithDbAsync(db => DemoCalls.SeedAsync(db, now.AddDays(1), TestContext.Current.CancellationToken));

        var calls = await Factory.WithDbAsync(db => db.Calls.AsNoTracking().Include(c => c.Versions).Include(c => c.Providers).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["A", "B"], calls.Select(c => c.ActionCode).Order());
        Assert.All(calls, c =>
        {
            Assert.True(c.IsOpenAt(now));
            Assert.StartsWith("[DEMO]", c.Title, StringComparison.Ordinal);
            Assert.Equal(2, c.Providers.Count);
        });
        Assert.True(await Factory.WithDbAsync(db => db.Projects.AnyAsync(p => p.Id == DemoCalls.ProjectId && p.Title.StartsWith("[DEMO]"), TestContext.Current.CancellationToken)));

        using var anonymous = Factory.CreatePortalClient();
        var list = await anonymous.GetDocumentAsync("/Calls");
        Assert.Equal(2, list.QuerySelectorAll("[data-testid=open-calls] [data-testid=call-card]").Length);
        var id = calls.Single(c => c.ActionCode == "B").Id;
        using var pdf = await anonymous.GetAsync($"/Calls/Document/{id}");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Null(Domain.PdfFile.Check(await pdf.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)));
    }
}
