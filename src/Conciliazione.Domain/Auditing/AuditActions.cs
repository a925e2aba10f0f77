namespace Conciliazione.Domain.Auditing;

/// <summary>Stable names of audited actions (machine text, English).</summary>
public static class AuditActions
{
    public const string LoginSucceeded = "auth.login.succeeded";
    public const string LoginFailed = "auth.login.failed";
    public const string LockedOut = "auth.lockout";
    public const string Logout = "auth.logout";
    public const string FamilyAccountCreated = "auth.family.created";
    public const string ContactEmailVerificationSent = "family.contact-email.sent";
    public const string ContactEmailVerified = "family.contact-email.verified";
    public const string FamilyContactsChanged = "family.contacts.changed";
    public const string TwoFactorEnabled = "auth.2fa.enabled";
    public const string TwoFactorReset = "auth.2fa.reset";
    public const string RecoveryCodesGenerated = "auth.2fa.recovery-codes";
    public const string PasswordChanged = "auth.password.changed";
    public const string PasswordReset = "auth.password.reset";
    public const string AccessDenied = "authz.denied";
    public const string UserCreated = "admin.user.created";
    public const string UserUpdated = "admin.user.updated";
    public const string UserDisabled = "admin.user.disabled";
    public const string UserEnabled = "admin.user.enabled";
    public const string EntityChanged = "entity.changed";
    public const string ApplicationSubmitted = "application.submitted";
    public const string ApplicationWithdrawn = "application.withdrawn";
    public const string NotificationResent = "admin.notification.resent";
    public const string DocumentDownloaded = "document.downloaded";
    public const string PartnerCreated = "alliance.partner.created";
    public const string PartnerUpdated = "alliance.partner.updated";
    public const string PartnerContactAdded = "alliance.partner.contact-added";
    public const string PartnerContactRemoved = "alliance.partner.contact-removed";
    public const string PartnerContactUpdated = "alliance.partner.contact-updated";
    public const string MunicipalityCreated = "alliance.municipality.created";
    public const string ProjectUpdated = "project.updated";
    public const string ProjectExtended = "project.extended";
    public const string ProjectClosed = "project.closed";
    public const string BudgetUpdated = "project.budget.updated";
    public const string BudgetApproved = "project.budget.approved";
    public const string ActionUpdated = "project.action.updated";
    public const string IndicatorUpdated = "project.indicator.updated";
    public const string IndicatorValueRecorded = "project.indicator.value-recorded";
    public const string CallCreated = "calls.call.created";
    public const string CallUpdated = "calls.call.updated";
    public const string CallRulesUpdated = "calls.call.rules-updated";
    public const string CallDocumentUploaded = "calls.call.document-uploaded";
    public const string CallPublished = "calls.call.published";
    public const string CallAmended = "calls.call.amended";
    public const string CallClosed = "calls.call.closed";
    public const string CallFrozen = "calls.call.frozen";
    public const string CallRanked = "calls.call.ranked";
    public const string CallConcluded = "calls.call.concluded";
    public const string VoucherReallocated = "calls.budget.reallocated";
    public const string ProviderCreated = "providers.provider.created";
    public const string ProviderUpdated = "providers.provider.updated";
    public const string AgreementAdded = "providers.agreement.added";
    public const string AgreementUpdated = "providers.agreement.updated";
    public const string AgreementDocumentUploaded = "providers.agreement.document-uploaded";
}
