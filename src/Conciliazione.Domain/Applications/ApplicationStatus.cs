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
        _ => status.ToString(),
    };

    /// <summary>Before a decision the family may still withdraw.</summary>
    public static bool CanWithdraw(ApplicationStatus status) =>
        status is ApplicationStatus.Submitted or ApplicationStatus.InReview or ApplicationStatus.DocumentsRequested;
}
