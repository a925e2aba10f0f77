using System.Globalization;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Family.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Documents;

/// <summary>
/// Renders and stores the letter of an application's current decision (esito istruttoria), off the
/// request path: the outbox job of the "admitted" / "not admitted" notification calls it before
/// sending the e-mail, which carries the letter (ADR 0050).
/// </summary>
/// <remarks>
/// Idempotent: a decision that has its letter keeps it. Only the job that claimed the notification
/// calls it, so two servers never render the same letter at once; if the decision was reopened
/// before the job ran there is no current decision and nothing is rendered.
/// </remarks>
public sealed class DecisionLetters(AppDbContext db, ICallCatalog calls, RazorDocumentRenderer documents, IPdfRenderer pdf, TimeProvider clock)
{
    private static readonly CultureInfo It = CultureInfo.GetCultureInfo("it-IT");

    /// <summary>
    /// The letter of the application's current decision, rendering it if needed; null when the
    /// application (if any) has no current decision with outcome <paramref name="expected"/> (it was reopened,
    /// or reopened and decided otherwise, before the job ran: that decision's own message carries its letter).
    /// </summary>
    public async Task<(string FileName, byte[] Bytes)?> EnsureAsync(Guid applicationId, DecisionOutcome expected, CancellationToken ct)
    {
        var application = await db.Applications.Include(a => a.Documents).Include(a => a.Decisions).SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application?.CurrentDecision is not { } decision || decision.Outcome != expected
            || application.Status is not (ApplicationStatus.Admitted or ApplicationStatus.NotAdmitted))
        {
            return null;
        }

        if (decision.LetterDocumentId is { } letterId && application.Documents.SingleOrDefault(d => d.Id == letterId) is { } existing)
        {
            var bytes = await db.ApplicationDocumentContents.Where(c => c.DocumentId == existing.Id).Select(c => c.Bytes).SingleAsync(ct);
            return (existing.FileName, bytes);
        }

        var call = await calls.FindAsync(application.CallId, ct)
            ?? throw new InvalidOperationException("Call of application " + applicationId + " not found");
        var alliance = await db.Alliances.Where(a => a.Id == application.AllianceId).Select(a => new { a.Name, a.LeadPartnerName }).SingleAsync(ct);
        var letter = new DecisionLetterDocument(
            alliance.Name,
            alliance.LeadPartnerName,
            call.Reference,
            call.Title,
            application.ProtocolNumber ?? "-",
            $"{application.Applicant.GivenName} {application.Applicant.FamilyName}".Trim(),
            application.SubmittedAt is { } at ? Day(at) : "-",
            decision.Outcome == DecisionOutcome.Admitted,
            decision.AllReasons,
            Day(decision.DecidedAt));
        var html = await documents.RenderAsync("~/Documents/Views/DecisionLetter.cshtml", letter);
        var rendered = await pdf.RenderAsync(html, new PdfMetadata("Esito della domanda " + application.ProtocolNumber + ": " + letter.Outcome, call.Reference + " - " + call.Title, alliance.LeadPartnerName), ct);
        var document = application.AttachDecisionLetter(decision.Id, rendered, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return (document.FileName, rendered);
    }

    private static string Day(DateTimeOffset utc) => RomeTime.ToRome(utc).ToString("dd/MM/yyyy", It);
}
