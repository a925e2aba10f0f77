using System.Globalization;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Identity;

namespace Conciliazione.Domain.Tests.Applications;

/// <summary>Issue 12: each automatic check of the review, positive and negative, with its explanation.</summary>
public sealed class ReviewChecksTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Pdf = "%PDF-1.7 contenuto"u8.ToArray();
    private static readonly DateOnly ChildBirth = new(2024, 5, 12);
    private static readonly DateOnly ApplicantBirth = new(1985, 2, 3);

    /// <summary>A codice fiscale with a correct check character for the given birth date and sex.</summary>
    public static string Code(DateOnly birth, bool female, string names = "RSSMRA", string place = "F205")
    {
        const string months = "ABCDEHLMPRST";
        var first15 = string.Create(CultureInfo.InvariantCulture, $"{names}{birth.Year % 100:D2}{months[birth.Month - 1]}{birth.Day + (female ? 40 : 0):D2}{place}");
        return first15 + FiscalCode.CheckCharacter(first15);
    }

    private static CallRules Rules(decimal? ceiling = 30_000m, string[]? incompatible = null, bool optionalOnly = false) => new()
    {
        ServiceTypes = [ServiceType.Micronido],
        Eligibility = new EligibilityRules { MinAgeMonths = 3, MaxAgeYears = 3, AgeReferenceDate = new DateOnly(2026, 9, 1), IseeCeiling = ceiling, IncompatibleBenefits = incompatible ?? ["Nidi Gratis"] },
        Documents = optionalOnly ? [new RequiredDocument("Certificato", false)] : [new RequiredDocument("Attestazione ISEE", true), new RequiredDocument("Contratto con il nido", true), new RequiredDocument("Certificato", false)],
    };

    private static ReviewCheckContext Context(CallRules? rules = null, IReadOnlyList<SameChildApplication>? sameChild = null) =>
        new(rules ?? Rules(), "B", new DateOnly(2026, 9, 1), sameChild ?? []);

    private sealed class Builder
    {
        public string ApplicantCode { get; set; } = Code(ApplicantBirth, female: true);
        public DateOnly? ApplicantBirthDate { get; set; } = ApplicantBirth;
        public string ChildCode { get; set; } = Code(ChildBirth, female: false, "BNCLCU");
        public DateOnly ChildBirthDate { get; set; } = ChildBirth;
        public decimal IseeValue { get; set; } = 14_000m;
        public bool HasIsee { get; set; } = true;
        public DateOnly? IseeExpires { get; set; } = new(2026, 12, 31);
        public List<string> Benefits { get; set; } = [];
        public string? BenefitsNote { get; set; }
        public string[] DocumentKeys { get; set; } = ["doc-1", "doc-2"];
        public DateTimeOffset SubmittedAt { get; set; } = Now;

        public Application Build()
        {
            var a = Application.StartDraft(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
                new ApplicantSection { GivenName = "Maria", FamilyName = "Rossi", FiscalCode = ApplicantCode, BirthDate = ApplicantBirthDate }, Now.AddDays(-1));
            a.UpdateHousehold(new HouseholdSection
            {
                OtherParentName = "Marco Bianchi",
                OtherParentEmployment = EmploymentKind.Employee,
                Children = [new ChildEntry { GivenName = "Luca", FamilyName = "Bianchi", FiscalCode = ChildCode, BirthDate = ChildBirthDate }],
            }, Now.AddDays(-1));
            a.UpdateEmployment(new EmploymentSection { Kind = EmploymentKind.Employee, EmployerName = "Comune" }, Guid.NewGuid(), Now.AddDays(-1));
            a.UpdateIsee(HasIsee ? new IseeSection { HasIsee = true, Type = IseeType.Minorenni, Value = IseeValue, DsuNumber = "INPS-ISEE-2026-1", ExpiresOn = IseeExpires } : new IseeSection(), Now.AddDays(-1));
            a.UpdateDeclarations(new DeclarationsSection { OtherBenefits = Benefits, OtherBenefitsNote = BenefitsNote, PrivacyNoticeAccepted = true }, Now.AddDays(-1));
            foreach (var key in DocumentKeys)
            {
                a.AttachDocument(key, key + ".pdf", UploadKind.Pdf, Pdf, Now.AddDays(-1));
            }

            a.Submit(Guid.NewGuid(), "2026/000001", Guid.NewGuid(), SubmittedAt);
            return a;
        }
    }

    private static IReadOnlyList<ReviewCheck> Run(Builder b, ReviewCheckContext? context = null) => ReviewChecks.Run(b.Build(), context ?? Context());

    [Fact]
    public void ACleanApplication_PassesEveryCheck_AndRaisesNoFlag()
    {
        var checks = Run(new Builder());

        Assert.All(checks, c => Assert.Equal(CheckOutcome.Ok, c.Outcome));
        Assert.Empty(ReviewChecks.Flags(checks));
        Assert.Contains(checks, c => c.Flag == ReviewFlags.Eligibility && c.Title == "Requisito: ISEE");
    }

    [Theory]
    [InlineData(29_999.99, CheckOutcome.Ok)]
    [InlineData(30_000.00, CheckOutcome.Ok)]
    [InlineData(30_000.01, CheckOutcome.Failed)]
    public void EligibilityRules_OfTheFrozenVersion_AreReRun(double isee, CheckOutcome expected)
    {
        var checks = Run(new Builder { IseeValue = (decimal)isee });

        var rule = Assert.Single(checks, c => c.Title == "Requisito: ISEE");
        Assert.Equal(expected, rule.Outcome);
        Assert.Equal(expected == CheckOutcome.Failed, ReviewChecks.Flags(checks).Contains(ReviewFlags.Eligibility));
    }

    [Fact]
    public void EligibilityRules_FollowTheVersionGiven_NotAnotherOne()
    {
        var application = new Builder { IseeValue = 25_000m }.Build();

        var underFrozen = ReviewChecks.Run(application, Context(Rules(ceiling: 30_000m)));
        var underStricter = ReviewChecks.Run(application, Context(Rules(ceiling: 20_000m)));

        Assert.Equal(CheckOutcome.Ok, underFrozen.Single(c => c.Title == "Requisito: ISEE").Outcome);
        Assert.Equal(CheckOutcome.Failed, underStricter.Single(c => c.Title == "Requisito: ISEE").Outcome);
        Assert.Contains("supera il limite di 20.000,00 €", underStricter.Single(c => c.Title == "Requisito: ISEE").Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void ARuleToVerify_IsAWarning_WithoutTheEligibilityFlag()
    {
        // A benefit the call excludes makes the eligibility rule "to verify" (the office decides).
        var checks = Run(new Builder { Benefits = ["Nidi Gratis"] });

        Assert.Equal(CheckOutcome.Warning, checks.Single(c => c.Title == "Requisito: Altri contributi").Outcome);
        Assert.DoesNotContain(ReviewFlags.Eligibility, ReviewChecks.Flags(checks));
    }

    public static TheoryData<string, string, DateOnly?, CheckOutcome, string> FiscalCodeCases => new()
    {
        { "applicant consistent (woman)", Code(ApplicantBirth, female: true), ApplicantBirth, CheckOutcome.Ok, "indica sesso femminile" },
        { "applicant consistent (man)", Code(ApplicantBirth, female: false), ApplicantBirth, CheckOutcome.Ok, "indica sesso maschile" },
        { "applicant other day", Code(ApplicantBirth.AddDays(1), female: true), ApplicantBirth, CheckOutcome.Failed, "non corrisponde alla data di nascita dichiarata (03/02/1985)" },
        { "applicant other year", Code(ApplicantBirth.AddYears(1), female: true), ApplicantBirth, CheckOutcome.Failed, "non corrisponde" },
        { "applicant bad check letter", Code(ApplicantBirth, female: true)[..15] + (Code(ApplicantBirth, female: true)[15] == 'A' ? "B" : "A"), ApplicantBirth, CheckOutcome.Failed, "carattere di controllo" },
        { "applicant malformed", "RSSMRA85", ApplicantBirth, CheckOutcome.Failed, "formato" },
        { "applicant birth date unknown", Code(ApplicantBirth, female: true), null, CheckOutcome.Warning, "non è stata dichiarata" },
    };

    [Theory]
    [MemberData(nameof(FiscalCodeCases))]
    public void ApplicantFiscalCode_AgainstBirthDate(string why, string code, DateOnly? birth, CheckOutcome expected, string explanation)
    {
        var checks = Run(new Builder { ApplicantCode = code, ApplicantBirthDate = birth });

        var check = Assert.Single(checks, c => c.Title.StartsWith("Codice fiscale del richiedente", StringComparison.Ordinal));
        Assert.True(expected == check.Outcome, why);
        Assert.Contains(explanation, check.Explanation, StringComparison.Ordinal);
        Assert.Equal(expected != CheckOutcome.Ok, ReviewChecks.Flags(checks).Contains(ReviewFlags.FiscalCode));
    }

    [Theory]
    [InlineData(false, false, CheckOutcome.Ok)]
    [InlineData(true, false, CheckOutcome.Failed)]
    [InlineData(false, true, CheckOutcome.Ok)]
    public void ChildFiscalCode_AgainstBirthDate(bool otherMonth, bool female, CheckOutcome expected)
    {
        var coded = otherMonth ? ChildBirth.AddMonths(1) : ChildBirth;
        var checks = Run(new Builder { ChildCode = Code(coded, female, "BNCLCU") });

        var check = Assert.Single(checks, c => c.Title == "Codice fiscale del figlio (Luca Bianchi)");
        Assert.Equal(expected, check.Outcome);
        if (expected == CheckOutcome.Ok)
        {
            Assert.Contains(female ? "sesso femminile" : "sesso maschile", check.Explanation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SameChild_InOtherApplications_IsAWarning_ListingProtocolsAndCalls()
    {
        var child = Code(ChildBirth, female: false, "BNCLCU");
        var others = new[]
        {
            new SameChildApplication(child, "2026/000007", "AV-2026-02", "Centri estivi 2026", ApplicationStatus.Admitted, SameCall: false),
            new SameChildApplication(child, "2026/000003", "AV-2026-01", "Nidi 2026", ApplicationStatus.NotAdmitted, SameCall: true),
        };

        var none = Run(new Builder());
        var some = Run(new Builder(), Context(sameChild: others));

        Assert.Equal(CheckOutcome.Ok, none.Single(c => c.Flag == ReviewFlags.DuplicateChild).Outcome);
        var check = some.Single(c => c.Flag == ReviewFlags.DuplicateChild);
        Assert.Equal(CheckOutcome.Warning, check.Outcome);
        Assert.Contains("2026/000003 (questo bando, non ammessa)", check.Explanation, StringComparison.Ordinal);
        Assert.Contains("2026/000007 (bando AV-2026-02 - Centri estivi 2026, ammessa) per il figlio " + child, check.Explanation, StringComparison.Ordinal);
        Assert.Contains(ReviewFlags.DuplicateChild, ReviewChecks.Flags(some));
    }

    [Theory]
    [InlineData("", null, "Nidi Gratis", CheckOutcome.Ok)]
    [InlineData("Altro", "contributo comunale per la mensa", "Nidi Gratis", CheckOutcome.Ok)]
    [InlineData("Nidi Gratis", null, "Nidi Gratis", CheckOutcome.Failed)]
    [InlineData("Misura B1", null, "Misura B1|Misura B2", CheckOutcome.Failed)]
    [InlineData("Bonus nido INPS", null, "Nidi Gratis", CheckOutcome.Warning)]
    [InlineData("Altro", "ricevo la misura B2 per mia madre", "Nidi Gratis", CheckOutcome.Warning)]
    [InlineData("Altro", "bonus nido dell'INPS", "", CheckOutcome.Warning)]
    public void DeclaredBenefits_ThatExcludeTheVoucher(string declared, string? note, string callExcludes, CheckOutcome expected)
    {
        var rules = Rules(incompatible: callExcludes.Split('|', StringSplitOptions.RemoveEmptyEntries));
        var checks = Run(new Builder { Benefits = declared.Length == 0 ? [] : [declared], BenefitsNote = note }, Context(rules));

        var check = checks.Single(c => c.Flag == ReviewFlags.Benefits && c.Title == "Contributi incompatibili dichiarati");
        Assert.Equal(expected, check.Outcome);
        Assert.Equal(expected != CheckOutcome.Ok, ReviewChecks.Flags(checks).Contains(ReviewFlags.Benefits));
    }

    /// <remarks>21:30 UTC on 31 March 2026 is 23:30 in Rome (CEST), 22:30 UTC is already 1 April there.</remarks>
    [Theory]
    [InlineData("2026-03-31", "2026-03-31T21:30:00Z", CheckOutcome.Ok)]
    [InlineData("2026-03-31", "2026-03-31T22:30:00Z", CheckOutcome.Failed)]
    [InlineData("2026-03-30", "2026-03-31T08:00:00Z", CheckOutcome.Failed)]
    [InlineData("2026-12-31", "2026-03-31T08:00:00Z", CheckOutcome.Ok)]
    public void Isee_ExpiredAtSubmission_InEuropeRome(string expires, string submitted, CheckOutcome expected)
    {
        var checks = Run(new Builder
        {
            IseeExpires = DateOnly.Parse(expires, CultureInfo.InvariantCulture),
            SubmittedAt = DateTimeOffset.Parse(submitted, CultureInfo.InvariantCulture),
        });

        var check = checks.Single(c => c.Flag == ReviewFlags.IseeExpired);
        Assert.Equal(expected, check.Outcome);
        Assert.Equal(expected == CheckOutcome.Failed, ReviewChecks.Flags(checks).Contains(ReviewFlags.IseeExpired));
        if (expected == CheckOutcome.Failed)
        {
            Assert.StartsWith("L'ISEE era scaduto il", check.Explanation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Isee_NotPresented_IsNotAnExpiry()
    {
        var checks = Run(new Builder { HasIsee = false }, Context(Rules(ceiling: null)));

        Assert.Equal(CheckOutcome.Ok, checks.Single(c => c.Flag == ReviewFlags.IseeExpired).Outcome);
    }

    [Theory]
    [InlineData("doc-1,doc-2", CheckOutcome.Ok, "")]
    [InlineData("doc-1,doc-2,doc-3", CheckOutcome.Ok, "")]
    [InlineData("doc-1", CheckOutcome.Failed, "Mancano: Contratto con il nido.")]
    [InlineData("doc-3", CheckOutcome.Failed, "Mancano: Attestazione ISEE, Contratto con il nido.")]
    public void MandatoryDocuments_OfTheVersion(string uploaded, CheckOutcome expected, string explanation)
    {
        var checks = Run(new Builder { DocumentKeys = uploaded.Split(',') });

        var check = checks.Single(c => c.Flag == ReviewFlags.MissingDocuments);
        Assert.Equal(expected, check.Outcome);
        if (explanation.Length > 0)
        {
            Assert.Equal(explanation, check.Explanation);
        }

        Assert.Equal(expected == CheckOutcome.Failed, ReviewChecks.Flags(checks).Contains(ReviewFlags.MissingDocuments));
    }

    [Fact]
    public void Flags_AreStoredOnTheApplication_OnlyKnownKeys_Sorted()
    {
        var application = new Builder { IseeExpires = new DateOnly(2026, 1, 1), DocumentKeys = ["doc-1"] }.Build();

        application.SetFlags([.. ReviewChecks.Flags(ReviewChecks.Run(application, Context())), "inventato"]);

        Assert.Equal([ReviewFlags.MissingDocuments, ReviewFlags.IseeExpired], application.Flags);
    }
}
