using Microsoft.AspNetCore.Mvc;

namespace Conciliazione.Web.Pages.Family;

/// <summary>
/// The outcome of the review as the family reads it on its application: "Ammessa" or "Non ammessa"
/// (with the reasons), and the decision letter to download, or "in preparazione" until the
/// background job has rendered it (ADR 0050).
/// </summary>
/// <remarks>
/// The application details page reads the outcome in its own single query (B1, docs/performance.md), only for
/// an application whose family is the signed-in user, and hands it over: a family never sees another's outcome.
/// </remarks>
public sealed class ApplicationOutcomeViewComponent : ViewComponent
{
    /// <param name="AwaitsRanking">Admitted and not yet funded nor on the reserve list: the page still says the ranking decides.</param>
    public sealed record Outcome(Guid ApplicationId, bool Admitted, IReadOnlyList<string> Reasons, DateTimeOffset DecidedAt, Guid? LetterDocumentId, bool AwaitsRanking = true);

    public IViewComponentResult Invoke(Outcome? outcome) => View(outcome);
}
