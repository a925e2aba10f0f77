using Conciliazione.Domain.Applications;
using Conciliazione.Web.Infrastructure;
using FluentValidation;

namespace Conciliazione.Web.Pages.Family.Applications;

public sealed record Problem(string Step, string Message);

/// <summary>
/// Everything that must hold before submission, checked again on the server at submit time:
/// every step valid, mandatory documents present, no failing eligibility rule, the window open.
/// </summary>
public static class ApplicationChecks
{
    public static async Task<IReadOnlyList<Problem>> FindAsync(Application a, CallForApplicants call, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(RomeTime.ToRome(now).Date);
        var problems = new List<Problem>();
        var (applicant, household, employment, isee, service, declarations) = StepInputs.From(a);
        await Check(problems, "richiedente", new ApplicantInput.Validator(), applicant, ct);
        await Check(problems, "nucleo", new HouseholdInput.Validator(call), household, ct);
        await Check(problems, "lavoro", new EmploymentInput.Validator(call), employment, ct);
        await Check(problems, "isee", new IseeInput.Validator(call, today), isee, ct);
        await Check(problems, "servizio", new ServiceInput.Validator(call), service, ct);
        await Check(problems, "dichiarazioni", new DeclarationsInput.Validator(call), declarations, ct);
        foreach (var missing in call.Documents.Where(d => d.Mandatory && a.Documents.All(x => x.RequirementKey != d.Key)))
        {
            problems.Add(new("documenti", "Manca il documento obbligatorio: " + missing.Label + "."));
        }

        foreach (var rule in Eligibility.Evaluate(call.Criteria, Answers(a, call)).Where(r => r.Outcome == EligibilityOutcome.NotEligible))
        {
            problems.Add(new("riepilogo", rule.Rule + ": " + rule.Reason));
        }

        if (!call.IsOpenAt(now))
        {
            problems.Add(new("riepilogo", now < call.OpensAt
                ? "Il bando non è ancora aperto: le domande si presentano dal " + RomeTime.Format(call.OpensAt) + "."
                : "Il bando è chiuso dal " + RomeTime.Format(call.ClosesAt) + ": non è più possibile inviare domande."));
        }

        return problems;
    }

    /// <summary>The application's answers as the eligibility check reads them (the domain's <see cref="SubmissionRules.Answers"/>).</summary>
    public static EligibilityAnswers Answers(Application a, CallForApplicants call) => SubmissionRules.Answers(a, call.IsForChildren);

    private static async Task Check<T>(List<Problem> problems, string step, IValidator<T> validator, T input, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(input, ct);
        problems.AddRange(result.Errors.Select(e => new Problem(step, e.ErrorMessage)));
    }

}
