using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Grants;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Seeding;

/// <summary>
/// DEMO DATA: a closed "[DEMO]" childcare call of the demo project with 30 fictional families from six
/// municipalities (example.org addresses, made-up codici fiscali that pass the checksum), reviewed,
/// ranked, published and funded through the portal's own services, so the dashboards and the voucher
/// pages have something to show. Idempotent: nothing is added when the call exists.
/// </summary>
public static class DemoActivity
{
    public const string Reference = "DEMO-B-00";
    public const string Title = "[DEMO] Voucher infanzia – primo avviso (chiuso)";

    // How many demo families live where: three municipalities under the referents' threshold of 5.
    private static readonly (string Municipality, string Cadastral, int Families)[] Residents =
    [
        ("Castellanza", "C139", 11), ("Fagnano Olona", "D467", 7), ("Gorla Minore", "E102", 5),
        ("Marnate", "E965", 4), ("Olgiate Olona", "G028", 2), ("Solbiate Olona", "I793", 1),
    ];

    private static readonly string[] GivenNames = ["Giulia", "Marco", "Sara", "Luca", "Chiara", "Paolo", "Elena", "Davide", "Anna", "Matteo"];
    private static readonly string[] FamilyNames = ["Colombo", "Ferrari", "Galli", "Fontana", "Riva", "Brambilla", "Sala", "Villa", "Cattaneo", "Longhi"];
    private static readonly string[] ChildNames = ["Tommaso", "Alice", "Pietro", "Emma", "Leonardo", "Sofia", "Edoardo", "Aurora"];

    public static async Task SeedAsync(AppDbContext db, UserManager<ApplicationUser> users, GrantsWork grants, Guid staffId, DateTimeOffset now, CancellationToken ct = default)
    {
        if (await db.Calls.AnyAsync(c => c.AllianceId == CastellanzaPlan.AllianceId && c.ReferenceNumber == Reference, ct))
        {
            return;
        }

        var project = await db.Projects.Include(p => p.Actions).Include(p => p.BudgetLines).SingleOrDefaultAsync(p => p.Id == DemoCalls.ProjectId, ct);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (project is null || project.IsClosed || project.StartDate > today.AddDays(-29) || project.EndDate < today.AddMonths(6))
        {
            return; // an older demo database whose project does not cover the dates below: leave it as it is
        }

        var held = await db.Calls.Where(c => c.ProjectId == project.Id).SumAsync(c => c.Budget, ct);
        var d = project.BudgetLines.Single(l => l.Category == Domain.Projects.CostCategory.Vouchers).Amount;
        const decimal budget = 3_500m;
        if (d - held < budget)
        {
            return;
        }

        var nido = await db.Providers.Where(p => p.AllianceId == CastellanzaPlan.AllianceId && p.LegalName.StartsWith("[DEMO] Nido")).FirstAsync(ct);
        var opens = now.AddDays(-28);
        var closes = now.AddDays(-14);
        var call = Call.CreateDraft(CastellanzaPlan.AllianceId, project, project.Actions.Single(a => a.Code == "B").Id,
            new CallDetails(Reference, Title,
                "Dati dimostrativi. Primo avviso per i servizi all'infanzia, già chiuso, con le domande istruite, la graduatoria pubblicata e i voucher concessi.",
                opens, closes, today.AddDays(-10), today.AddMonths(5), budget, AllowsOtherProvider: false),
            new VoucherBudget(d, 0m, held), opens.AddDays(-2), null);
        call.ReviseRules(new CallRules
        {
            ServiceTypes = [ServiceType.Micronido, ServiceType.CentroPrimaInfanzia, ServiceType.Ludoteca],
            Eligibility = new EligibilityRules { MinAgeMonths = 3, MaxAgeYears = 11, AgeReferenceDate = today, IseeCeiling = 35_000m },
            Amount = new AmountRule { Kind = AmountKind.ShareOfSpending, RatePercent = 50m, CapPerChild = 350m },
            Funding = new FundingRule { Mode = FundingMode.Ranking, TieBreaks = [TieBreak.SubmissionTime, TieBreak.OlderChild] },
            Documents = [new RequiredDocument("Attestazione ISEE in corso di validità", true)],
            SelfDeclarations = ["di risiedere in uno dei comuni dell'alleanza o di lavorare presso un ente partner"],
        });
        call.SetProviders([nido], today);
        db.CallDocuments.Add(call.AttachDocument("bando-demo-primo-avviso.pdf", DemoCalls.DemoPdf(Title), opens.AddDays(-2)));
        call.Publish(project, opens.AddDays(-1), null);
        db.Calls.Add(call);
        await db.SaveChangesAsync(ct);

        var municipalities = await db.Municipalities.Where(m => m.AllianceId == CastellanzaPlan.AllianceId).ToDictionaryAsync(m => m.Name, m => m.Id, ct);
        var familyIds = new List<Guid>();
        for (var i = 0; i < Residents.Sum(r => r.Families); i++)
        {
            var email = $"famiglia.demo{i + 1:D2}@example.org";
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = GivenNames[i % GivenNames.Length] + " " + FamilyNames[((i * 3) + 1) % FamilyNames.Length], AllianceId = CastellanzaPlan.AllianceId, CreatedAt = now };
                Check(await users.CreateAsync(user));
                Check(await users.AddToRoleAsync(user, Roles.Family));
            }

            familyIds.Add(user.Id);
        }

        var callId = call.Id;
        var versionId = call.CurrentVersion.Id;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            call = await db.Calls.SingleAsync(c => c.Id == callId, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var n = 0;
            foreach (var (municipality, cadastral, families) in Residents)
            {
                for (var f = 0; f < families; f++, n++)
                {
                    var given = GivenNames[n % GivenNames.Length];
                    var family = FamilyNames[((n * 3) + 1) % FamilyNames.Length];
                    var email = $"famiglia.demo{n + 1:D2}@example.org";

                    var submitted = opens.AddHours(5 + (n * 9));
                    var child = ChildNames[n % ChildNames.Length];
                    var born = new DateOnly(2021 + (n % 4), 1 + (n % 12), 1 + (n % 27));
                    var a = Application.StartDraft(CastellanzaPlan.AllianceId, call.Id, familyIds[n],
                        new ApplicantSection { GivenName = given, FamilyName = family, FiscalCode = Code(family, given, new DateOnly(1985 + (n % 8), 1 + (n % 12), 2 + (n % 25)), n % 2 == 0, cadastral), BirthDate = new DateOnly(1985 + (n % 8), 1 + (n % 12), 2 + (n % 25)), Email = email },
                        submitted.AddHours(-1));
                    a.UpdateHousehold(new HouseholdSection
                    {
                        SingleCustodialParent = n % 7 == 3,
                        OtherParentName = n % 7 == 3 ? null : "Altro genitore " + family,
                        OtherParentEmployment = n % 7 == 3 ? null : EmploymentKind.Employee,
                        Children = [new ChildEntry { GivenName = child, FamilyName = family, FiscalCode = Code(family, child, born, n % 3 == 0, cadastral), BirthDate = born }],
                    }, submitted);
                    a.UpdateEmployment(new EmploymentSection { Kind = EmploymentKind.Employee, EmployerName = "Azienda dimostrativa " + (n % 5 + 1) }, municipalities[municipality], submitted);
                    a.UpdateIsee(new IseeSection { HasIsee = true, Type = IseeType.Minorenni, Value = 6_000m + (n * 870m % 24_000m), DsuNumber = $"INPS-ISEE-DEMO-{n + 1:D5}", ExpiresOn = today.AddMonths(6) }, submitted);
                    a.UpdateService(new ServiceSection { ServiceType = ServiceType.Micronido.ToString(), ProviderId = nido.Id, From = today.AddDays(-10), To = today.AddMonths(5), MonthlyCost = 420m }, submitted);
                    a.UpdateDeclarations(new DeclarationsSection { AcceptedDeclarations = ["dich-1"], PrivacyNoticeAccepted = true }, submitted);
                    var protocol = await ProtocolNumbers.NextAsync(db, CastellanzaPlan.AllianceId, submitted.Year, ct);
                    db.ChildClaims.AddRange(a.Submit(versionId, protocol, Guid.NewGuid(), submitted));
                    a.TakeInCharge(staffId, submitted.AddDays(1));
                    if (n % 10 == 9)
                    {
                        a.Decide(DecisionOutcome.NotAdmitted, ["Requisiti non soddisfatti: ISEE oltre la soglia del bando"], null, staffId, closes.AddDays(2));
                    }
                    else
                    {
                        a.Decide(DecisionOutcome.Admitted, [], null, staffId, closes.AddDays(2));
                    }

                    db.Applications.Add(a);
                }
            }

            call.Freeze(closes);
            call.Close(closes);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        db.ChangeTracker.Clear();

        // Rank, publish and fund as staff do: the vouchers come from the same code path.
        Ensure(await grants.FreezeAsync(call.Id, CastellanzaPlan.AllianceId, staffId, ct));
        Ensure(await grants.PublishAsync(call.Id, CastellanzaPlan.AllianceId, staffId, ct));
        Ensure((await grants.RunFundingAsync(call.Id, CastellanzaPlan.AllianceId, staffId, ct)).Error);
    }

    /// <summary>A made-up codice fiscale with a valid check character (surname, name, birth date, sex, municipality code).</summary>
    public static string Code(string familyName, string givenName, DateOnly born, bool female, string cadastral)
    {
        const string months = "ABCDEHLMPRST";
        var first15 = Letters(familyName, false) + Letters(givenName, true) + (born.Year % 100).ToString("D2", System.Globalization.CultureInfo.InvariantCulture)
            + months[born.Month - 1] + (born.Day + (female ? 40 : 0)).ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + cadastral;
        return first15 + FiscalCode.CheckCharacter(first15);
    }

    private static string Letters(string name, bool given)
    {
        var upper = new string(name.ToUpperInvariant().Where(char.IsAsciiLetter).ToArray());
        var consonants = upper.Where(c => !"AEIOU".Contains(c, StringComparison.Ordinal)).ToList();
        var vowels = upper.Where(c => "AEIOU".Contains(c, StringComparison.Ordinal)).ToList();
        if (given && consonants.Count >= 4)
        {
            consonants = [consonants[0], consonants[2], consonants[3]];
        }

        return new string([.. consonants, .. vowels, 'X', 'X', 'X'])[..3];
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo family not created: " + string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }

    private static void Ensure(string? error)
    {
        if (error is not null)
        {
            throw new InvalidOperationException("Demo call not funded: " + error);
        }
    }
}
