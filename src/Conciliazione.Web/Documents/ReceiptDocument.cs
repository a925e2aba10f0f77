namespace Conciliazione.Web.Documents;

/// <summary>Everything the application receipt states, already formatted for people (it-IT, Europe/Rome).</summary>
public sealed record ReceiptDocument(
    string AllianceName,
    string CallReference,
    string CallTitle,
    string ProtocolNumber,
    string SubmittedAtRome,
    IReadOnlyList<(string Label, string Value)> Applicant,
    IReadOnlyList<(string Label, string Value)> Household,
    IReadOnlyList<(string Label, string Value)> Request,
    IReadOnlyList<string> OtherBenefits,
    IReadOnlyList<string> Declarations,
    IReadOnlyList<string> Documents);
