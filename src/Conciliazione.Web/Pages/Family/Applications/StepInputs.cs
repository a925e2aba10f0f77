using Conciliazione.Domain;
using Conciliazione.Domain.Applications;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>An application's saved sections as the wizard's step forms show them.</summary>
internal static class StepInputs
{
    public static (ApplicantInput, HouseholdInput, EmploymentInput, IseeInput, ServiceInput, DeclarationsInput) From(Application a)
    {
        var applicant = new ApplicantInput { Email = a.Applicant.Email, Phone = a.Applicant.Phone };
        var child = a.Household.Children.FirstOrDefault();
        var household = new HouseholdInput
        {
            SingleParent = a.Household.SingleCustodialParent,
            OtherParentName = a.Household.OtherParentName,
            OtherParentFiscalCode = a.Household.OtherParentFiscalCode,
            OtherParentEmployment = a.Household.OtherParentEmployment?.ToString(),
            ChildGivenName = child?.GivenName,
            ChildFamilyName = child?.FamilyName,
            ChildFiscalCode = child?.FiscalCode,
            ChildBirthDate = WizardParsing.Iso(child?.BirthDate),
            ChildSex = child is null ? null : Domain.Identity.FiscalCode.TryParse(child.FiscalCode, out var cf) && cf.IsFemale ? "F" : "M",
            AssistedName = a.Household.AssistedPersonName,
            AssistedFiscalCode = a.Household.AssistedPersonFiscalCode,
            AssistedRelationship = a.Household.AssistedRelationship,
            AssistedDisability = a.Household.AssistedDisability ?? false,
            AssistedNonSelfSufficient = a.Household.AssistedNonSelfSufficient ?? false,
        };
        var employment = new EmploymentInput
        {
            ResidenceMunicipalityId = a.ResidenceMunicipalityId,
            Kind = a.ResidenceMunicipalityId is null && a.Employment.EmployerName is null ? null : a.Employment.Kind.ToString(),
            EmployerName = a.Employment.EmployerName,
            EmployerIsPartner = a.Employment.EmployerIsPartner,
        };
        var isee = new IseeInput
        {
            HasIsee = a.Isee.HasIsee,
            Type = a.Isee.Type?.ToString(),
            Value = a.Isee.Value is { } v ? Money.ToInput(v) : null,
            DsuNumber = a.Isee.DsuNumber,
            ExpiresOn = WizardParsing.Iso(a.Isee.ExpiresOn),
        };
        var service = new ServiceInput
        {
            ServiceType = a.Service.ServiceType,
            Provider = a.Service.ProviderId?.ToString() ?? (a.Service.OtherProviderName is null ? null : ServiceInput.OtherProvider),
            OtherProviderName = a.Service.OtherProviderName,
            From = WizardParsing.Iso(a.Service.From),
            To = WizardParsing.Iso(a.Service.To),
            MonthlyCost = a.Service.MonthlyCost is { } m ? Money.ToInput(m) : null,
        };
        var declarations = new DeclarationsInput
        {
            OtherBenefits = [.. a.Declarations.OtherBenefits],
            OtherBenefitsNote = a.Declarations.OtherBenefitsNote,
            Accepted = [.. a.Declarations.AcceptedDeclarations],
            PrivacyAccepted = a.Declarations.PrivacyNoticeAccepted,
        };
        return (applicant, household, employment, isee, service, declarations);
    }
}
