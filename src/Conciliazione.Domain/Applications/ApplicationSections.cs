namespace Conciliazione.Domain.Applications;

// The parts of an application, filled step by step by the wizard and kept as JSON (jsonb) on the
// application row: a draft is saved at every step and a submitted application is frozen as typed.

public enum EmploymentKind
{
    Employee,
    SelfEmployed,
    Freelancer,
    NotWorking,
}

public enum IseeType
{
    Ordinario,
    Minorenni,
}

public sealed class ApplicantSection
{
    public string GivenName { get; set; } = "";
    public string FamilyName { get; set; } = "";
    public string FiscalCode { get; set; } = "";
    public DateOnly? BirthDate { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
}

public sealed class ChildEntry
{
    public string GivenName { get; set; } = "";
    public string FamilyName { get; set; } = "";
    public string FiscalCode { get; set; } = "";
    public DateOnly BirthDate { get; set; }
}

public sealed class HouseholdSection
{
    /// <summary>The applicant is the only custodial parent (then no other parent's job is required).</summary>
    public bool SingleCustodialParent { get; set; }
    public string? OtherParentName { get; set; }
    public string? OtherParentFiscalCode { get; set; }
    public EmploymentKind? OtherParentEmployment { get; set; }

    /// <summary>Action B: the children the service is for.</summary>
    public List<ChildEntry> Children { get; set; } = [];

    /// <summary>Action A: the fragile person assisted, the relationship and, only where the call needs it, the condition.</summary>
    public string? AssistedPersonName { get; set; }
    public string? AssistedPersonFiscalCode { get; set; }
    public string? AssistedRelationship { get; set; }
    public bool? AssistedDisability { get; set; }
    public bool? AssistedNonSelfSufficient { get; set; }
}

public sealed class EmploymentSection
{
    public EmploymentKind Kind { get; set; }
    public string? EmployerName { get; set; }
    public bool EmployerIsPartner { get; set; }
}

public sealed class IseeSection
{
    public bool HasIsee { get; set; }
    public IseeType? Type { get; set; }
    public decimal? Value { get; set; }
    public string? DsuNumber { get; set; }
    public DateOnly? ExpiresOn { get; set; }
}

public sealed class ServiceSection
{
    public string? ServiceType { get; set; }
    public Guid? ProviderId { get; set; }
    public string? OtherProviderName { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public decimal? MonthlyCost { get; set; }
}

public sealed class DeclarationsSection
{
    /// <summary>Other benefits declared for the same child and service (Nidi Gratis, bonus nido, B1/B2, ...).</summary>
    public List<string> OtherBenefits { get; set; } = [];
    public string? OtherBenefitsNote { get; set; }

    /// <summary>Keys of the call's self-declarations the applicant accepted, one by one.</summary>
    public List<string> AcceptedDeclarations { get; set; } = [];
    public bool PrivacyNoticeAccepted { get; set; }
}
