using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;

namespace Conciliazione.Domain.Tests.Applications;

/// <summary>
/// A call's accepted kinds of work (employees, self-employed, freelancers) are a rule, not a label:
/// the pre-check and the wizard both ask <see cref="Eligibility"/>, so this table is what both apply.
/// </summary>
public sealed class EmploymentKindEligibilityTests
{
    private static EligibilityCriteria Call(bool employees, bool selfEmployed, bool freelancers, bool workingParents = true) => new(
        ResidenceInAlliance: true,
        EmploymentByPartnerAccepted: true,
        WorkingParentsRequired: workingParents,
        ChildMinAgeMonths: null,
        ChildMaxAgeMonths: null,
        AgeReferenceDate: new DateOnly(2026, 9, 1),
        IseeCeiling: null,
        IncompatibleBenefits: [],
        AcceptedEmployment: Eligibility.WorkingKinds.Where(k => k switch
        {
            EmploymentKind.Employee => employees,
            EmploymentKind.SelfEmployed => selfEmployed,
            _ => freelancers,
        }).ToList());

    private static EligibilityAnswers Answers(EmploymentKind? mine, EmploymentKind? other = EmploymentKind.Employee) =>
        new(true, false, mine is null ? null : mine != EmploymentKind.NotWorking, true, null, null, null, [], mine, other);

    [Theory]
    // employees only
    [InlineData(true, false, false, EmploymentKind.Employee, EligibilityOutcome.Eligible)]
    [InlineData(true, false, false, EmploymentKind.SelfEmployed, EligibilityOutcome.NotEligible)]
    [InlineData(true, false, false, EmploymentKind.Freelancer, EligibilityOutcome.NotEligible)]
    // self-employed only
    [InlineData(false, true, false, EmploymentKind.Employee, EligibilityOutcome.NotEligible)]
    [InlineData(false, true, false, EmploymentKind.SelfEmployed, EligibilityOutcome.Eligible)]
    [InlineData(false, true, false, EmploymentKind.Freelancer, EligibilityOutcome.NotEligible)]
    // freelancers only
    [InlineData(false, false, true, EmploymentKind.Employee, EligibilityOutcome.NotEligible)]
    [InlineData(false, false, true, EmploymentKind.SelfEmployed, EligibilityOutcome.NotEligible)]
    [InlineData(false, false, true, EmploymentKind.Freelancer, EligibilityOutcome.Eligible)]
    // employees and freelancers; not working never counts; unknown is to be verified
    [InlineData(true, false, true, EmploymentKind.Freelancer, EligibilityOutcome.Eligible)]
    [InlineData(true, false, true, EmploymentKind.SelfEmployed, EligibilityOutcome.NotEligible)]
    [InlineData(true, false, true, EmploymentKind.NotWorking, EligibilityOutcome.NotEligible)]
    [InlineData(true, false, true, null, EligibilityOutcome.ToVerify)]
    public void ApplicantKindOfWork_FollowsTheCallsAcceptedKinds(bool employees, bool selfEmployed, bool freelancers, EmploymentKind? kind, EligibilityOutcome expected)
    {
        // The other parent's work is left unknown here: the next test covers it.
        var results = Eligibility.Evaluate(Call(employees, selfEmployed, freelancers), Answers(kind, other: null));

        Assert.Equal(expected, results.Single(r => r.Rule == "Tipo di lavoro").Outcome);
        Assert.Equal(expected, Eligibility.Overall(results));
    }

    [Theory]
    [InlineData(EmploymentKind.Employee, EligibilityOutcome.Eligible)]
    [InlineData(EmploymentKind.Freelancer, EligibilityOutcome.NotEligible)]
    public void OtherParentsWork_MustAlsoBeAnAcceptedKind_WhenBothParentsMustWork(EmploymentKind other, EligibilityOutcome expected)
    {
        var results = Eligibility.Evaluate(Call(true, false, false), Answers(EmploymentKind.Employee, other));

        Assert.Equal(expected, results.Single(r => r.Rule == "Tipo di lavoro").Outcome);
    }

    [Fact]
    public void AllKindsAccepted_AddsNoRule_AndNamesEveryKind()
    {
        var all = Call(true, true, true);

        Assert.False(all.RestrictsEmployment);
        Assert.DoesNotContain(Eligibility.Evaluate(all, Answers(EmploymentKind.Freelancer)), r => r.Rule == "Tipo di lavoro");
        Assert.Equal("lavoratori dipendenti, lavoratori autonomi o liberi professionisti", Eligibility.DescribeAccepted(all));
    }

    [Fact]
    public void RefusedKind_SaysWhichKindsTheCallAccepts()
    {
        var result = Eligibility.Evaluate(Call(true, false, true), Answers(EmploymentKind.SelfEmployed)).Single(r => r.Rule == "Tipo di lavoro");

        Assert.Equal("Il bando è riservato a lavoratori dipendenti o liberi professionisti.", result.Reason);
    }

    [Fact]
    public void ProviderOfferedUnderACall_IsOnlyWhatTheCallFunds()
    {
        var offered = ServiceTypes.OfferedUnder([ServiceType.BabyParking, ServiceType.CentroEstivo, ServiceType.Ludoteca], [ServiceType.Micronido, ServiceType.CentroEstivo, ServiceType.BabyParking]);

        Assert.Equal([ServiceType.CentroEstivo, ServiceType.BabyParking], offered);
        Assert.Empty(ServiceTypes.OfferedUnder([ServiceType.BabyParking], [ServiceType.Micronido]));
    }
}
