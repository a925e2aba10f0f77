using Conciliazione.Domain.Applications;

namespace Conciliazione.Domain.Tests.Applications;

public sealed class EligibilityTests
{
    private static readonly EligibilityCriteria ChildcareCall = new(
        ResidenceInAlliance: true,
        EmploymentByPartnerAccepted: true,
        WorkingParentsRequired: true,
        ChildMinAgeMonths: 3,
        ChildMaxAgeMonths: 11 * 12,
        AgeReferenceDate: new DateOnly(2026, 9, 1),
        IseeCeiling: 30_000m,
        IncompatibleBenefits: ["Nidi Gratis", "Bonus nido"]);

    private static EligibilityAnswers Answers(
        bool? resident = true, bool? partner = false, bool? works = true, bool? other = true,
        DateOnly? birth = null, decimal? isee = 12_000m, bool? noIsee = false, string[]? benefits = null) =>
        new(resident, partner, works, other, birth ?? new DateOnly(2022, 5, 10), isee, noIsee, benefits ?? []);

    [Fact]
    public void AllRulesMet_IsEligible() =>
        Assert.Equal(EligibilityOutcome.Eligible, Eligibility.Overall(Eligibility.Evaluate(ChildcareCall, Answers())));

    [Theory]
    [InlineData(false, true, EligibilityOutcome.Eligible)]
    [InlineData(false, false, EligibilityOutcome.NotEligible)]
    [InlineData(null, false, EligibilityOutcome.ToVerify)]
    public void Territory_ResidenceOrPartnerEmployment(bool? resident, bool? partner, EligibilityOutcome expected) =>
        Assert.Equal(expected, Eligibility.Evaluate(ChildcareCall, Answers(resident: resident, partner: partner))[0].Outcome);

    [Theory]
    [InlineData("2026-06-01", EligibilityOutcome.Eligible)]   // exactly 3 months on 1 Sept 2026
    [InlineData("2026-06-02", EligibilityOutcome.NotEligible)] // one day short of 3 months
    [InlineData("2015-09-01", EligibilityOutcome.Eligible)]   // 11 years and 0 months
    [InlineData("2015-07-31", EligibilityOutcome.NotEligible)] // 11 years and 1 month
    public void ChildAge_CountsAtTheReferenceDate(string birth, EligibilityOutcome expected)
    {
        var result = Eligibility.Evaluate(ChildcareCall, Answers(birth: DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture)))
            .Single(r => r.Rule == "Età del figlio");
        Assert.Equal(expected, result.Outcome);
        Assert.Contains("01/09/2026", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30_000.0, false, EligibilityOutcome.Eligible)]
    [InlineData(30_000.01, false, EligibilityOutcome.NotEligible)]
    [InlineData(null, true, EligibilityOutcome.NotEligible)]
    [InlineData(null, null, EligibilityOutcome.ToVerify)]
    public void Isee_AgainstTheCeiling(double? value, bool? noIsee, EligibilityOutcome expected) =>
        Assert.Equal(expected, Eligibility.Evaluate(ChildcareCall, Answers(isee: (decimal?)value, noIsee: noIsee)).Single(r => r.Rule == "ISEE").Outcome);

    [Fact]
    public void WorkingParents_OneNotWorking_IsNotEligible_WithTheReason()
    {
        var result = Eligibility.Evaluate(ChildcareCall, Answers(other: false)).Single(r => r.Rule == "Genitori che lavorano");
        Assert.Equal(EligibilityOutcome.NotEligible, result.Outcome);
        Assert.Contains("genitore unico affidatario", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void IncompatibleBenefit_IsFlaggedForTheOffice()
    {
        var results = Eligibility.Evaluate(ChildcareCall, Answers(benefits: ["Nidi Gratis"]));
        Assert.Equal(EligibilityOutcome.ToVerify, Eligibility.Overall(results));
        Assert.Contains("Nidi Gratis", results.Single(r => r.Rule == "Altri contributi").Reason, StringComparison.Ordinal);
    }
}

public sealed class EligibilityTerritoryTests
{
    [Fact]
    public void EmploymentOnlyCall_DoesNotAcceptResidenceAlone()
    {
        var criteria = new EligibilityCriteria(false, true, false, null, null, new DateOnly(2026, 9, 1), null, []);
        var answers = new EligibilityAnswers(true, false, true, true, null, null, null, []);

        var result = Eligibility.Evaluate(criteria, answers)[0];

        Assert.Equal(EligibilityOutcome.NotEligible, result.Outcome);
        Assert.Equal("Il bando è riservato a chi lavora presso un ente partner dell'alleanza.", result.Reason);
    }
}
