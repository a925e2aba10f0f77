using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Conciliazione.Web.Tests.Seeding;

/// <summary>The demo gives the dashboards something to show: a closed call reviewed, ranked and funded by the portal's own code.</summary>
public sealed class DemoActivityTests(PortalFactory factory) : PortalTest(factory)
{
    [Fact]
    public async Task Demo_seed_funds_a_closed_call_of_fictional_families_from_six_municipalities_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await SeedDemoAsync();
        await SeedDemoAsync();

        var (applications, vouchers, grants, budget) = await Factory.WithDbAsync(async db =>
        {
            var call = await db.Calls.AsNoTracking().SingleAsync(c => c.ReferenceNumber == DemoActivity.Reference, ct);
            return (
                await db.Applications.AsNoTracking().Where(a => a.CallId == call.Id).ToListAsync(ct),
                await db.Vouchers.AsNoTracking().CountAsync(v => v.CallId == call.Id, ct),
                await db.Grants.AsNoTracking().Where(g => g.CallId == call.Id).SumAsync(g => g.Amount, ct),
                call.Budget);
        });

        Assert.Equal(30, applications.Count);
        Assert.Equal(6, applications.Select(a => a.ResidenceMunicipalityId).Distinct().Count());
        Assert.All(applications, a =>
        {
            Assert.NotNull(a.ResidenceMunicipalityId);
            Assert.EndsWith("@example.org", a.Applicant.Email, StringComparison.Ordinal);
            Assert.True(FiscalCode.TryParse(a.Applicant.FiscalCode, out _), a.Applicant.FiscalCode);
            Assert.True(FiscalCode.TryParse(a.Household.Children.Single().FiscalCode, out _), a.Household.Children.Single().FiscalCode);
        });
        Assert.Equal(3, applications.Count(a => a.Status == ApplicationStatus.NotAdmitted));
        var funded = applications.Count(a => a.Status == ApplicationStatus.Funded);
        Assert.InRange(funded, 1, 27);
        Assert.Equal(funded, vouchers);
        Assert.InRange(grants, 0.01m, budget);
    }

    private async Task SeedDemoAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync(TestContext.Current.CancellationToken);
    }
}
