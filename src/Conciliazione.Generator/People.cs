using System.Globalization;
using System.Text;
using Bogus;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;

namespace Conciliazione.Generator;

/// <summary>A generated family: its parent's name, codice fiscale, contacts and municipality (an index into the seed's municipality order).</summary>
public sealed record GeneratedFamily(int K, string GivenName, string FamilyName, string FiscalCode, DateOnly BirthDate, string Email, string Phone, int Municipality);

/// <summary>
/// A generated application of family <see cref="K"/> to call <see cref="N"/> of its alliance: status, seconds after the
/// call opened, the child, the ISEE (null: none declared) and, when funded, what the rule allowed and what was granted.
/// </summary>
public sealed record GeneratedApplication(int I, int K, int N, ApplicationStatus Status, int OffsetSeconds, string ChildGivenName, string ChildFiscalCode, DateOnly ChildBirthDate, decimal? Isee, decimal Requested, decimal Amount);

/// <summary>The people of a dataset, drawn with Bogus from the seed alone: the same seed gives the same people.</summary>
public sealed class People
{
    /// <summary>Share of the applications in each status (every status of the workflow, summing to 1).</summary>
    public static readonly IReadOnlyList<(ApplicationStatus Status, double Share)> StatusShares =
    [
        (ApplicationStatus.Draft, 0.03), (ApplicationStatus.Submitted, 0.04), (ApplicationStatus.InReview, 0.05),
        (ApplicationStatus.DocumentsRequested, 0.03), (ApplicationStatus.Admitted, 0.12), (ApplicationStatus.NotAdmitted, 0.07),
        (ApplicationStatus.Funded, 0.33), (ApplicationStatus.WaitingList, 0.18), (ApplicationStatus.Withdrawn, 0.08),
        (ApplicationStatus.Renounced, 0.04), (ApplicationStatus.Revoked, 0.03),
    ];

    private const string MonthLetters = "ABCDEHLMPRST";

    private People(IReadOnlyList<GeneratedFamily> families, IReadOnlyList<GeneratedApplication> applications) =>
        (Families, Applications) = (families, applications);

    public IReadOnlyList<GeneratedFamily> Families { get; }

    public IReadOnlyList<GeneratedApplication> Applications { get; }

    /// <summary>
    /// <paramref name="applications"/> applications of about half as many families (two each, to two calls of their
    /// alliance), spread over <paramref name="municipalities"/> with a skew: index = floor(M * u^2.5), so the first
    /// municipality of the order holds about 8% (a Milan) and the median a few hundred per million.
    /// </summary>
    public static People Draw(int seed, int applications, int municipalities)
    {
        var faker = new Faker("it") { Random = new Randomizer(seed) };
        var familyCount = (applications + 1) / 2;
        var families = new List<GeneratedFamily>(familyCount);
        for (var k = 0; k < familyCount; k++)
        {
            var female = faker.Random.Bool();
            var given = faker.Name.FirstName(female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male);
            var family = faker.Name.LastName();
            var birth = new DateOnly(1972, 1, 1).AddDays(faker.Random.Int(0, 365 * 25));
            // example.org and example.it (RFC 2606 and its Italian twin): nobody's real mailbox; k keeps them unique.
            var email = string.Create(CultureInfo.InvariantCulture, $"{Slug(given)}.{Slug(family)}.{k}@{(k % 3 == 0 ? "example.it" : "example.org")}");
            var phone = "3" + faker.Random.ReplaceNumbers("## #######");
            var municipality = (int)Math.Floor(municipalities * Math.Pow(faker.Random.Double(), 2.5));
            families.Add(new GeneratedFamily(k, given, family, FakeFiscalCode(k, birth, female, faker), birth, email, phone, Math.Min(municipality, municipalities - 1)));
        }

        var rows = new List<GeneratedApplication>(applications);
        for (var i = 0; i < applications; i++)
        {
            var k = i / 2;
            // A family's two applications go to two different calls of its alliance (i % 4 differs for 2k and 2k+1).
            var n = i % RegionGenerator.CallsPerAlliance;
            var status = Pick(faker.Random.Double());
            // Most families submit in the first hours of the click day, the rest over the 30 days.
            var offset = faker.Random.Double() < 0.6 ? faker.Random.Int(0, 4 * 3600) : faker.Random.Int(0, 30 * 24 * 3600 - 1);
            var childFemale = faker.Random.Bool();
            var child = faker.Name.FirstName(childFemale ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male);
            var childBirth = new DateOnly(2007, 1, 1).AddDays(faker.Random.Int(0, 365 * 10));
            decimal? isee = faker.Random.Double() < 0.05 ? null : Math.Round(faker.Random.Decimal(1_500m, 40_000m), 2);
            // 50% of the yearly cost, at most 350 euros a child; one grant in twenty is partial (the funds ran short).
            var requested = Math.Min(350m, Math.Round(faker.Random.Decimal(200m, 1_500m) * 0.5m, 2));
            var amount = faker.Random.Double() < 0.05 ? Math.Round(requested * 0.6m, 2) : requested;
            rows.Add(new GeneratedApplication(i, k, n, status, offset, child, FakeFiscalCode(familyCount + i, childBirth, childFemale, faker), childBirth, isee, requested, amount));
        }

        return new People(families, rows);
    }

    /// <summary>
    /// A well-formed codice fiscale with a valid check character that belongs to nobody: the six name letters
    /// encode <paramref name="serial"/> (unique in the dataset), the cadastral code is X + 3 digits, a letter no
    /// Italian municipality's or foreign state's code starts with.
    /// </summary>
    public static string FakeFiscalCode(int serial, DateOnly birth, bool female, Faker faker)
    {
        var chars = new char[16];
        var value = serial;
        for (var p = 5; p >= 0; p--)
        {
            chars[p] = (char)('A' + value % 26);
            value /= 26;
        }

        var year = (birth.Year % 100).ToString("D2", CultureInfo.InvariantCulture);
        var day = (birth.Day + (female ? 40 : 0)).ToString("D2", CultureInfo.InvariantCulture);
        var place = faker.Random.Int(100, 999).ToString(CultureInfo.InvariantCulture);
        (chars[6], chars[7], chars[8], chars[9], chars[10], chars[11]) = (year[0], year[1], MonthLetters[birth.Month - 1], day[0], day[1], 'X');
        (chars[12], chars[13], chars[14]) = (place[0], place[1], place[2]);
        chars[15] = FiscalCode.CheckCharacter(chars.AsSpan(0, 15));
        return new string(chars);
    }

    private static ApplicationStatus Pick(double draw)
    {
        var total = 0.0;
        foreach (var (status, share) in StatusShares)
        {
            total += share;
            if (draw < total)
            {
                return status;
            }
        }

        return StatusShares[^1].Status;
    }

    /// <summary>Lower-case ASCII letters of a name ("Niccolò D'Amico" gives "niccolodamico").</summary>
    private static string Slug(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.Length == 0 ? "famiglia" : builder.ToString();
    }
}
