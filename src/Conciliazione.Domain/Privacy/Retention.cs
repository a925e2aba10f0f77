using Conciliazione.Domain.Applications;

namespace Conciliazione.Domain.Privacy;

/// <summary>
/// When an application's personal data may be erased (GDPR art. 5(1)(e), storage limitation): the
/// lead partner sets, per alliance, how many months after an application is <b>closed</b> its
/// personal data stay on file (<see cref="Alliances.Alliance.RetentionMonths"/>); the retention job
/// (<c>Web/Privacy/RetentionJob</c>) then pseudonymises it. ADR 0139.
/// </summary>
/// <remarks>
/// "Closed" means nothing can happen to the application any more without a new act:
/// <list type="bullet">
/// <item>withdrawn, not admitted, renounced or revoked: closed at its last status change;</item>
/// <item>funded: closed when its voucher is revoked, or past its receipt deadline
/// (<see cref="Vouchers.Voucher.ReceiptsUntil"/>, end of day in Rome), with nothing claimed left unpaid,
/// no receipt waiting for staff and no recovery still open; closed at the later of the deadline and
/// the last status change.</item>
/// </list>
/// Drafts, applications under review, admitted or on the reserve list are never closed: the family or
/// the staff may still act on them.
/// </remarks>
public static class Retention
{
    public const int MinMonths = 1;

    /// <summary>Ten years: the longest period an administrative file is usually kept.</summary>
    public const int MaxMonths = 120;

    /// <summary>The statuses an application is closed in by its status alone.</summary>
    public static readonly IReadOnlyList<ApplicationStatus> TerminalStatuses =
        [ApplicationStatus.Withdrawn, ApplicationStatus.NotAdmitted, ApplicationStatus.Renounced, ApplicationStatus.Revoked];

    /// <summary>The text that replaces an erased name, note or reason.</summary>
    public const string Erased = "[dato cancellato]";

    /// <summary>The first day on which an application closed at <paramref name="closedAt"/> is past a retention of <paramref name="months"/>.</summary>
    public static DateTimeOffset ErasableFrom(DateTimeOffset closedAt, int months) => closedAt.AddMonths(months);

    /// <summary>The pseudonym an erased application's applicant is known by: derived from the application id only, so it links nothing else.</summary>
    public static string Pseudonym(Guid applicationId) => "INTERESSATO-" + applicationId.ToString("N")[..8].ToUpperInvariant();
}
