using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Providers;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>Builds calls and providers with intent, straight through the domain, in the seeded 2017-2018 project.</summary>
public static class CallSeeds
{
    public static readonly byte[] Pdf = "%PDF-1.4\n% test document\n%%EOF\n"u8.ToArray();

    public static CallRules CompleteRules(string actionCode = "B") => new()
    {
        ServiceTypes = actionCode == "B" ? [ServiceType.Micronido, ServiceType.CentroEstivo] : [ServiceType.FamilyAssistant, ServiceType.FragilePersonTransport],
        Eligibility = new EligibilityRules { MinAgeMonths = 3, MaxAgeYears = 11, AgeReferenceDate = new DateOnly(2018, 9, 1), IseeCeiling = 30_000m, IncompatibleBenefits = ["Nidi Gratis"] },
        Amount = new AmountRule { RatePercent = 50m, CapPerChild = 350m },
        Funding = new FundingRule { Mode = FundingMode.Ranking, TieBreaks = [TieBreak.SubmissionTime] },
        Documents = [new RequiredDocument("Attestazione ISEE", true), new RequiredDocument("Certificato di disabilità", false)],
        SelfDeclarations = ["di essere residente in uno dei comuni dell'alleanza"],
    };

    public static Task<Guid> ActionIdAsync(PortalFactory factory, string code) => factory.WithDbAsync(db =>
        db.ProjectActions.Where(a => a.ProjectId == CastellanzaPlan.CurrentProjectId && a.Code == code).Select(a => a.Id).SingleAsync(TestContext.Current.CancellationToken));

    /// <summary>A provider with an agreement for <paramref name="actionCode"/> valid 2017-2030.</summary>
    public static async Task<Guid> ProviderAsync(PortalFactory factory, string name = "Nido Girotondo Srl", string municipality = "Castellanza", string actionCode = "B", ServiceType[]? services = null, Guid? allianceId = null, string taxCode = "01234567897")
    {
        var actionId = await ActionIdAsync(factory, actionCode);
        var provider = Provider.Create(allianceId ?? CastellanzaPlan.AllianceId, new ProviderDetails(name, null, taxCode, "Via Roma 1", "21053", municipality, "info@example.it", "0331 000000", null,
            services ?? [ServiceType.Micronido, ServiceType.Ludoteca], null));
        provider.AddAgreement(new AgreementDetails(AgreementKind.Convenzione, "CONV-" + name[..3], new DateOnly(2017, 1, 1), new DateOnly(2017, 1, 1), new DateOnly(2030, 12, 31), [actionId]));
        await factory.WithDbAsync(async db =>
        {
            db.Providers.Add(provider);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return provider.Id;
    }

    /// <summary>
    /// A call of the seeded project: a complete draft, or published when <paramref name="publish"/>.
    /// The window defaults to "opened a week ago, closes in a month" from <paramref name="now"/>.
    /// </summary>
    public static async Task<Guid> CallAsync(
        PortalFactory factory,
        DateTimeOffset now,
        string actionCode = "B",
        decimal budget = 5_000m,
        bool publish = true,
        bool freeze = false,
        DateTimeOffset? opens = null,
        DateTimeOffset? closes = null,
        string reference = "AV-2018-01",
        string title = "Voucher infanzia 2018",
        Guid? providerId = null)
    {
        return await factory.WithDbAsync(async db =>
        {
            var ct = TestContext.Current.CancellationToken;
            var project = await db.Projects.Include(p => p.Actions).SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, ct);
            var action = project.Actions.Single(a => a.Code == actionCode);
            var available = await db.ReadAsync(project.Id, null, ct);
            var call = Call.CreateDraft(CastellanzaPlan.AllianceId, project, action.Id,
                new CallDetails(reference, title, "Voucher per la frequenza dei servizi per l'infanzia.", opens ?? now.AddDays(-7), closes ?? now.AddDays(30),
                    new DateOnly(2018, 1, 1), new DateOnly(2018, 12, 31), budget, AllowsOtherProvider: true),
                available, now, null);
            call.ReviseRules(CompleteRules(actionCode));
            db.CallDocuments.Add(call.AttachDocument("bando.pdf", Pdf, now));
            if (providerId is { } pid)
            {
                var provider = await db.Providers.Include(p => p.Agreements).SingleAsync(p => p.Id == pid, ct);
                call.SetProviders([provider], new DateOnly(2018, 6, 1));
            }

            if (publish)
            {
                call.Publish(project, now, null);
            }

            if (freeze)
            {
                call.Freeze(now);
            }

            db.Calls.Add(call);
            await db.SaveChangesAsync(ct);
            return call.Id;
        });
    }

    public static Task<Call> LoadCallAsync(PortalFactory factory, Guid id) => factory.WithDbAsync(db =>
        db.Calls.AsNoTracking().Include(c => c.Versions).Include(c => c.Providers).SingleAsync(c => c.Id == id, TestContext.Current.CancellationToken));
}

/// <summary>The portal with a clock the test moves: for deadlines and time left.</summary>
public sealed class ClockedPortalFactory : PortalFactory
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 28, 0, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
