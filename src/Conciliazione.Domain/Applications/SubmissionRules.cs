using Conciliazione.Domain.Calls;

namespace Conciliazione.Domain.Applications;

/// <summary>
/// The bridge between a call version's rules and the eligibility check, and between an
/// application's answers and that check: submission (the family's last step) and review (the
/// office's automatic checks) both go through here, so the office re-runs exactly what the
/// submission ran, under the frozen version the application was submitted with.
/// </summary>
public static class SubmissionRules
{
    /// <summary>
    /// The criteria of <paramref name="rules"/>. An age limit of N years means "not yet N+1" at the
    /// reference date (the call's own, or the start of the service period); age rules apply to
    /// action B (children) only.
    /// </summary>
    public static EligibilityCriteria Criteria(CallRules rules, string actionCode, DateOnly serviceStart)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var e = rules.Eligibility;
        return new EligibilityCriteria(
            ResidenceInAlliance: e.Territory is TerritorialRequirement.Residence or TerritorialRequirement.ResidenceOrEmployment,
            EmploymentByPartnerAccepted: e.Territory is TerritorialRequirement.Employment or TerritorialRequirement.ResidenceOrEmployment,
            WorkingParentsRequired: e.WorkingParentsRequired,
            ChildMinAgeMonths: actionCode == "B" ? e.MinAgeMonths : null,
            ChildMaxAgeMonths: actionCode == "B" && e.MaxAgeYears is { } y ? (y * 12) + 11 : null,
            AgeReferenceDate: e.AgeReferenceDate ?? serviceStart,
            IseeCeiling: e.IseeCeiling,
            IncompatibleBenefits: e.IncompatibleBenefits,
            AcceptedEmployment: Eligibility.WorkingKinds.Where(k => k switch
            {
                EmploymentKind.Employee => e.Employees,
                EmploymentKind.SelfEmployed => e.SelfEmployed,
                _ => e.Freelancers,
            }).ToList());
    }

    /// <summary>The application's answers as the eligibility check reads them.</summary>
    public static EligibilityAnswers Answers(Application a, bool forChildren)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(
            ResidentInAlliance: a.ResidenceMunicipalityId is not null,
            EmployedByPartner: a.Employment.EmployerIsPartner,
            ApplicantWorks: a.Employment.Kind != EmploymentKind.NotWorking,
            OtherParentWorksOrSingleParent: !forChildren || a.Household.SingleCustodialParent || (a.Household.OtherParentEmployment is { } k && k != EmploymentKind.NotWorking),
            ChildBirthDate: a.Household.Children.FirstOrDefault()?.BirthDate,
            IseeValue: a.Isee.HasIsee ? a.Isee.Value : null,
            NoIsee: !a.Isee.HasIsee,
            OtherBenefits: a.Declarations.OtherBenefits,
            ApplicantEmployment: a.Employment.Kind,
            OtherParentEmployment: forChildren && !a.Household.SingleCustodialParent ? a.Household.OtherParentEmployment : null);
    }

    /// <summary>Each eligibility rule of the call version for this application, with its outcome and reason.</summary>
    public static IReadOnlyList<EligibilityResult> Evaluate(Application a, CallRules rules, string actionCode, DateOnly serviceStart) =>
        Eligibility.Evaluate(Criteria(rules, actionCode, serviceStart), Answers(a, actionCode == "B"));

    /// <summary>The required documents of a call version with their keys ("doc-1", ...): keys follow the position in the frozen version.</summary>
    public static IReadOnlyList<(string Key, RequiredDocument Document)> Documents(CallRules rules) =>
        rules.Documents.Select((d, i) => (string.Create(System.Globalization.CultureInfo.InvariantCulture, $"doc-{i + 1}"), d)).ToList();

    /// <summary>The review checklist items with their keys ("chk-1", ...).</summary>
    public static IReadOnlyList<(string Key, string Text)> Checklist(CallRules rules) =>
        rules.ReviewChecklist.Select((t, i) => (string.Create(System.Globalization.CultureInfo.InvariantCulture, $"chk-{i + 1}"), t)).ToList();
}
