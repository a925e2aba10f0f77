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
    public const string ReviewTakenInCharge = "review.taken-in-charge";
    public const string ReviewerAssigned = "review.reviewer-assigned";
    public const string DocumentsRequested = "review.documents-requested";
    public const string DocumentRequestExtended = "review.request-extended";
    public const string DocumentRequestCancelled = "review.request-cancelled";
    public const string DocumentRequestAnswered = "review.request-answered";
    public const string ApplicationDecided = "review.decided";
    public const string ApplicationReopened = "review.reopened";
    public const string ReviewNoteAdded = "review.note-added";
    public const string ChecklistTicked = "review.checklist-ticked";
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
    public const string IndicatorEvidenceDownloaded = "project.indicator.evidence-downloaded";
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
    public const string RankingFrozen = "grants.ranking.frozen";
    public const string RankingDiscarded = "grants.ranking.discarded";
    public const string RankingPublished = "grants.ranking.published";
    public const string RankingPdfStored = "grants.ranking.pdf_stored";
    public const string FundingRun = "grants.funding.run";
    public const string GrantMade = "grants.grant.made";
    public const string ReserveListed = "grants.grant.reserve-listed";
    public const string GrantRenounced = "grants.grant.renounced";
    public const string GrantRevoked = "grants.grant.revoked";
    public const string RecoveryRecorded = "grants.recovery.recorded";
    public const string CallBudgetMoved = "grants.budget.moved";
    public const string ControlSampleDrawn = "grants.controls.sample-drawn";
    public const string ControlRecorded = "grants.controls.recorded";
    public const string VoucherPayeeDeclared = "vouchers.payee.declared";
    public const string ReceiptSubmitted = "vouchers.receipt.submitted";
    public const string ReceiptCorrected = "vouchers.receipt.corrected";
    public const string ReceiptFileDownloadedByFamily = "vouchers.receipt.family-downloaded";
    public const string VoucherPdfDownloaded = "vouchers.voucher.pdf-downloaded";
    public const string PayoutProduced = "vouchers.payout.produced";
    public const string PayoutPaid = "vouchers.payout.paid";
    public const string PayoutFileDownloaded = "vouchers.payout.file-downloaded";
    public const string ReceiptValidated = "vouchers.receipt.validated";
    public const string ReceiptRejected = "vouchers.receipt.rejected";
    public const string ReceiptFileDownloaded = "vouchers.receipt.file-downloaded";
    public const string ProviderBankAccountUpdated = "providers.provider.bank-account-updated";
    public const string AlliancePaymentAccountUpdated = "alliance.payment-account.updated";
    public const string MeetingPlanned = "monitoring.meeting.planned";
    public const string MeetingRevised = "monitoring.meeting.revised";
    public const string MeetingCancelled = "monitoring.meeting.cancelled";
    public const string MeetingHeld = "monitoring.meeting.held";
    public const string MeetingMinutesSaved = "monitoring.meeting.minutes-saved";
    public const string MeetingMinutesShared = "monitoring.meeting.minutes-shared";
    public const string MeetingMinutesDownloaded = "monitoring.meeting.minutes-downloaded";
    public const string CostRecorded = "monitoring.cost.recorded";
    public const string CostWithdrawn = "monitoring.cost.withdrawn";
    public const string CofinancingRecorded = "monitoring.cofinancing.recorded";
    public const string CofinancingWithdrawn = "monitoring.cofinancing.withdrawn";
    public const string SpendingDocumentDownloaded = "monitoring.spending.document-downloaded";

    /// <summary>A staff list downloaded as CSV or XLSX: the entity id is the list ("domande"), the details the format and row count.</summary>
    public const string ListExported = "exports.list.downloaded";

    public const string ReportRequested = "reporting.report.requested";
    public const string ReportSubmitted = "reporting.report.submitted";
    public const string ReportDownloaded = "reporting.report.downloaded";

    /// <summary>A family downloaded all its data (GDPR art. 15/20); details carry counts only.</summary>
    public const string FamilyDataExported = "privacy.family-data.exported";

    /// <summary>The lead partner changed the alliance's retention period.</summary>
    public const string RetentionChanged = "privacy.retention.changed";

    /// <summary>The retention job pseudonymised one application (entity id: the application's id).</summary>
    public const string ApplicationErased = "privacy.application.erased";
}
