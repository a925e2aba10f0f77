namespace Conciliazione.Web.Documents;

/// <summary>Everything the decision letter (esito istruttoria) states, already formatted for people (it-IT, Europe/Rome).</summary>
public sealed record DecisionLetterDocument(
    string AllianceName,
    string LeadPartnerName,
    string CallReference,
    string CallTitle,
    string ProtocolNumber,
    string ApplicantName,
    string SubmittedOnRome,
    bool Admitted,
    IReadOnlyList<string> Reasons,
    string DecidedOnRome)
{
    /// <summary>Days the family has to ask the lead partner for a review (riesame) of a non admission.</summary>
    public const int ReviewRequestDays = 30;

    public string Outcome => Admitted ? "Ammessa" : "Non ammessa";
}
