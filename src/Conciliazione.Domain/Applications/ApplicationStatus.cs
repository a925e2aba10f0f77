namespace Conciliazione.Domain.Applications;

/// <summary>
/// Where an application (domanda) stands. Stored by name: never rename a member.
/// Families see them on the status timeline with the Italian labels of <see cref="ApplicationStatuses"/>.
/// </summary>
public enum ApplicationStatus
{
    Draft,
    Submitted,
    InReview,
    DocumentsRequested,
    Admitted,
    NotAdmitted,
    Funded,
    WaitingList,
    Renounced,
    Withdrawn,
    Revoked,
}

public static class ApplicationStatuses
{
    /// <summary>The path an application normally follows, as the family's timeline shows it.</summary>
    public static readonly IReadOnlyList<ApplicationStatus> Timeline =
    [
        ApplicationStatus.Submitted,
        ApplicationStatus.InReview,
        ApplicationStatus.DocumentsRequested,
        ApplicationStatus.Admitted,
        ApplicationStatus.Funded,
    ];

    public static string Italian(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Draft => "Bozza",
        ApplicationStatus.Submitted => "Inviata",
        ApplicationStatus.InReview => "In istruttoria",
        ApplicationStatus.DocumentsRequested => "Integrazione richiesta",
        ApplicationStatus.Admitted => "Ammessa",
        ApplicationStatus.NotAdmitted => "Non ammessa",
        ApplicationStatus.Funded => "Finanziata",
        ApplicationStatus.WaitingList => "In lista d'attesa",
        ApplicationStatus.Renounced => "Rinunciata",
        ApplicationStatus.Withdrawn => "Ritirata",
        ApplicationStatus.Revoked => "Revocata",
        _ => status.ToString(),
    };

    /// <summary>Before a decision the family may still withdraw.</summary>
    public static bool CanWithdraw(ApplicationStatus status) =>
        status is ApplicationStatus.Submitted or ApplicationStatus.InReview or ApplicationStatus.DocumentsRequested;
}

/// <summary>Who moves an application from one status to the next (see Applications/README.md).</summary>
public enum ApplicationActor
{
    /// <summary>The family that owns the application (signed in with SPID/CIE).</summary>
    Family,

    /// <summary>Lead-partner staff reviewing the application.</summary>
    Staff,

    /// <summary>The portal itself, e.g. the reserve list funding the next application.</summary>
    System,
}

/// <summary>
/// The application's state machine: every allowed (from, to) pair and who may make it. Anything
/// not listed is refused, by <see cref="Application"/> in memory and by the
/// <c>applications_status_transition</c> trigger in PostgreSQL (same table, checked by a test).
/// </summary>
public static class ApplicationTransitions
{
    public static readonly IReadOnlyList<(ApplicationStatus From, ApplicationStatus To, ApplicationActor By)> Allowed =
    [
        (ApplicationStatus.Draft, ApplicationStatus.Submitted, ApplicationActor.Family),
        (ApplicationStatus.Submitted, ApplicationStatus.InReview, ApplicationActor.Staff),
        (ApplicationStatus.InReview, ApplicationStatus.DocumentsRequested, ApplicationActor.Staff),
        (ApplicationStatus.DocumentsRequested, ApplicationStatus.InReview, ApplicationActor.Family),
        (ApplicationStatus.DocumentsRequested, ApplicationStatus.InReview, ApplicationActor.Staff),
        (ApplicationStatus.InReview, ApplicationStatus.Admitted, ApplicationActor.Staff),
        (ApplicationStatus.InReview, ApplicationStatus.NotAdmitted, ApplicationActor.Staff),
        (ApplicationStatus.Admitted, ApplicationStatus.InReview, ApplicationActor.Staff),
        (ApplicationStatus.NotAdmitted, ApplicationStatus.InReview, ApplicationActor.Staff),
        (ApplicationStatus.Submitted, ApplicationStatus.Withdrawn, ApplicationActor.Family),
        (ApplicationStatus.InReview, ApplicationStatus.Withdrawn, ApplicationActor.Family),
        (ApplicationStatus.DocumentsRequested, ApplicationStatus.Withdrawn, ApplicationActor.Family),
        (ApplicationStatus.Admitted, ApplicationStatus.Funded, ApplicationActor.Staff),
        (ApplicationStatus.Admitted, ApplicationStatus.Funded, ApplicationActor.System),
        (ApplicationStatus.Admitted, ApplicationStatus.WaitingList, ApplicationActor.Staff),
        (ApplicationStatus.Admitted, ApplicationStatus.WaitingList, ApplicationActor.System),
        (ApplicationStatus.WaitingList, ApplicationStatus.Funded, ApplicationActor.Staff),
        (ApplicationStatus.WaitingList, ApplicationStatus.Funded, ApplicationActor.System),
        (ApplicationStatus.Funded, ApplicationStatus.Renounced, ApplicationActor.Family),
        (ApplicationStatus.WaitingList, ApplicationStatus.Renounced, ApplicationActor.Family),
        (ApplicationStatus.Funded, ApplicationStatus.Revoked, ApplicationActor.Staff),
    ];

    public static bool IsAllowed(ApplicationStatus from, ApplicationStatus to) =>
        Allowed.Any(t => t.From == from && t.To == to);

    public static bool IsAllowed(ApplicationStatus from, ApplicationStatus to, ApplicationActor by) =>
        Allowed.Contains((from, to, by));

    /// <summary>Statuses in which the application holds its children's claims on the call (one application per child per call).</summary>
    public static bool HoldsChildClaims(ApplicationStatus status) =>
        status is not (ApplicationStatus.Draft or ApplicationStatus.Withdrawn or ApplicationStatus.NotAdmitted);

    /// <summary>Statuses the review works on (the queue's "to do").</summary>
    public static bool IsUnderReview(ApplicationStatus status) =>
        status is ApplicationStatus.Submitted or ApplicationStatus.InReview or ApplicationStatus.DocumentsRequested;
}
