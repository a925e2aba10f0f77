using System.Globalization;
using System.Text;
using Bogus;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Conciliazione.Domain.Vouchers;

namespace Conciliazione.Generator;

/// <summary>A generated family: its parent's name, codice fiscale, contacts and municipality (an index into the seed's municipality order).</summary>
public sealed record GeneratedFamily(int K, string GivenName, string FamilyName, string FiscalCode, DateOnly BirthDate, string Email, string Phone, int Municipality);

/// <summary>
/// A generated application of family <see cref="K"/> to call <see cref="N"/> of its alliance: status, seconds after the
/// call opened, the child, the ISEE (null: none declared) and, when funded, what the rule allowed and what was granted.
/// </summary>
public sealed record GeneratedApplication(int I, int K, int N, ApplicationStatus Status, int OffsetSeconds, string ChildGivenName, string ChildFiscalCode, DateOnly ChildBirthDate, decimal? Isee, decimal Requested, decimal Amount);

/// <summary>
/// What happened to application <see cref="I"/> after submission that the status alone does not tell: an integration
/// request answered (1) or cancelled by staff (2) before the decision, and the IBAN the applicant declared for the voucher.
/// </summary>
public sealed record GeneratedFollowUp(int I, int Request, string? Iban);

/// <summary>
/// A receipt of the voucher of application <see cref="I"/>: slot <see cref="R"/> (a correction has its own slot and points
/// to the rejected one), the month of the service it pays (0-2), its status, amount and eligible amount, and whether a
/// payout batch counted it.
/// </summary>
public sealed record GeneratedReceipt(int I, int R, int Month, int? Corrects, ReceiptStatus Status, decimal Amount, decimal? Eligible, PaymentMethod Method, bool Counted);

/// <summary>
/// A value typed by staff for manual indicator <see cref="Indicator"/> (index into <see cref="CastellanzaPlan.Indicators"/>)
/// of alliance <see cref="K"/> (1-30) in half-year <see cref="Period"/> (0: 2017-S1 ... 3: 2018-S2); <see cref="Superseded"/>:
/// the value it corrected, when there was one.
/// </summary>
public sealed record GeneratedIndicatorValue(int K, int Indicator, int Period, int Value, int? Superseded);

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

    public IReadOnlyList<GeneratedFollowUp> FollowUps { get; private set; } = [];

    public IReadOnlyList<GeneratedReceipt> Receipts { get; private set; } = [];

    public IReadOnlyList<GeneratedIndicatorValue> IndicatorValues { get; private set; } = [];

    /// <summary>Statuses an application reaches only through the review (taken in charge, then maybe decided).</summary>
    public static readonly IReadOnlySet<ApplicationStatus> Reviewed = new HashSet<ApplicationStatus>
    {
        ApplicationStatus.InReview, ApplicationStatus.Admitted, ApplicationStatus.NotAdmitted, ApplicationStatus.Funded,
        ApplicationStatus.WaitingList, ApplicationStatus.Renounced, ApplicationStatus.Revoked,
    };

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

        // Drawn after every family and application, so that these stay what generator version 1 drew.
        return new People(families, rows) { FollowUps = DrawFollowUps(faker, rows, out var receipts), Receipts = receipts, IndicatorValues = Indicators(faker) };
    }

    /// <summary>
    /// Integration requests before the decision (6% answered, 2% cancelled, of the applications that were reviewed) and,
    /// for funded applications, the voucher's receipts: none for a quarter, else 1-3 months of service paid, about
    /// 1-3 times the cap spent in all; 12% waiting for staff, 10% rejected (7 in 10 of these corrected), the rest validated
    /// (a tenth of them for 80% of the amount); 85% of the validated ones counted by a payout batch.
    /// </summary>
    private static List<GeneratedFollowUp> DrawFollowUps(Faker faker, List<GeneratedApplication> applications, out List<GeneratedReceipt> receipts)
    {
        var followUps = new List<GeneratedFollowUp>();
        receipts = [];
        foreach (var a in applications)
        {
            var draw = faker.Random.Double();
            var request = Reviewed.Contains(a.Status) ? draw < 0.06 ? 1 : draw < 0.08 ? 2 : 0 : 0;
            string? iban = null;
            if (a.Status == ApplicationStatus.Funded)
            {
                var u = faker.Random.Double();
                var count = u < 0.25 ? 0 : u < 0.5 ? 1 : u < 0.8 ? 2 : 3;
                if (count > 0)
                {
                    iban = Iban.ItalianFrom(faker.Random.ReplaceNumbers("0####"), faker.Random.ReplaceNumbers("#####"), faker.Random.ReplaceNumbers("############"));
                    var spent = a.Amount * 2m * faker.Random.Decimal(0.5m, 1.5m);
                    var slot = count;
                    for (var r = 0; r < count; r++)
                    {
                        var amount = Math.Max(10m, Math.Round(spent / count * faker.Random.Decimal(0.8m, 1.2m), 2));
                        var method = faker.Random.Double() < 0.4 ? PaymentMethod.Card : PaymentMethod.BankTransfer;
                        var s = faker.Random.Double();
                        var status = s < 0.12 ? ReceiptStatus.Submitted : s < 0.22 ? ReceiptStatus.Rejected : ReceiptStatus.Validated;
                        receipts.Add(Receipt(faker, a.I, r, r, null, status, amount, method));
                        if (status == ReceiptStatus.Rejected && faker.Random.Double() < 0.7)
                        {
                            receipts.Add(Receipt(faker, a.I, slot++, r, r, faker.Random.Double() < 0.8 ? ReceiptStatus.Validated : ReceiptStatus.Submitted, amount, method));
                        }
                    }
                }
            }

            if (request > 0 || iban is not null)
            {
                followUps.Add(new GeneratedFollowUp(a.I, request, iban));
            }
        }

        return followUps;
    }

    private static GeneratedReceipt Receipt(Faker faker, int i, int r, int month, int? corrects, ReceiptStatus status, decimal amount, PaymentMethod method)
    {
        var partial = faker.Random.Double() < 0.1;
        var counted = faker.Random.Double() < 0.85;
        decimal? eligible = status == ReceiptStatus.Validated ? partial ? Math.Round(amount * 0.8m, 2) : amount : null;
        return new GeneratedReceipt(i, r, month, corrects, status, amount, eligible, method, status == ReceiptStatus.Validated && counted);
    }

    /// <summary>
    /// The manual indicators of every alliance's project, half-year by half-year (2017-S1 to 2018-S2): 90% recorded,
    /// values around twice the target; one in twenty was corrected (the first value superseded).
    /// </summary>
    private static List<GeneratedIndicatorValue> Indicators(Faker faker)
    {
        var values = new List<GeneratedIndicatorValue>();
        for (var k = 1; k <= RegionGenerator.Alliances; k++)
        {
            for (var j = 0; j < CastellanzaPlan.Indicators.Length; j++)
            {
                var indicator = CastellanzaPlan.Indicators[j];
                if (indicator.Source != IndicatorSource.Manual)
                {
                    continue;
                }

                _ = Indicator.TryParseTarget(indicator.Target, out _, out var target, out _);
                for (var p = 0; p < 4; p++)
                {
                    if (faker.Random.Double() >= 0.9)
                    {
                        continue;
                    }

                    var value = faker.Random.Int(0, Math.Max(4, (target ?? 5) * 2));
                    int? superseded = faker.Random.Double() < 0.05 ? faker.Random.Int(0, value + 3) : null;
                    values.Add(new GeneratedIndicatorValue(k, j, p, value, superseded));
                }
            }
        }

        return values;
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
