using System.Globalization;
using System.Text.RegularExpressions;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Applications;

/// <summary>How an automatic check came out, as the reviewer reads it.</summary>
public enum CheckOutcome
{
    /// <summary>"ok": nothing to look at.</summary>
    Ok,

    /// <summary>"attenzione": the office must look (missing data, a possible double funding).</summary>
    Warning,

    /// <summary>"non superato": the application breaks a rule of the call.</summary>
    Failed,
}

/// <summary>One automatic check with its Italian explanation; <see cref="Flag"/> is the <see cref="ReviewFlags"/> key it raises.</summary>
public sealed record ReviewCheck(string Flag, string Title, CheckOutcome Outcome, string Explanation);

/// <summary>Another application with one of the same children (for the duplicate check).</summary>
public sealed record SameChildApplication(string ChildFiscalCode, string ProtocolNumber, string CallReference, string CallTitle, ApplicationStatus Status, bool SameCall);

/// <summary>What the checks need besides the application: the frozen rules and the other applications of the project.</summary>
public sealed record ReviewCheckContext(CallRules Rules, string ActionCode, DateOnly ServiceStart, IReadOnlyList<SameChildApplication> SameChild);

/// <summary>
/// The automatic checks the office re-runs on a submitted application, each with an outcome and an
/// explanation in Italian: the eligibility rules of the frozen call version (exactly what submission
/// ran, through <see cref="SubmissionRules.Evaluate"/>), the codici fiscali against birth dates,
/// the same child in other applications of the project, declared benefits that exclude the voucher,
/// an ISEE already expired at submission, and mandatory documents missing.
/// </summary>
/// <remarks>
/// <see cref="Run"/> is pure (table-driven tests); <see cref="LoadContextAsync"/> is the small part
/// that reads the database (the frozen version and the other applications). The resulting flags are
/// stored on the application (<see cref="Flags"/>) at submission and at every review step, in the
/// same version-checked UPDATE (ADR 0044); the staff page always shows a fresh run.
/// </remarks>
public static partial class ReviewChecks
{
    private static readonly CultureInfo It = CultureInfo.GetCultureInfo("it-IT");
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    /// <summary>
    /// Benefits that fund the same child and service in Lombardy (Nidi Gratis, INPS bonus nido, FNA
    /// Misura B1/B2): a declaration of one of them is always worth a look, even when the call does not list it.
    /// </summary>
    public static readonly IReadOnlyList<string> KnownIncompatibleBenefits = ["Nidi Gratis", "Bonus nido INPS", "Misura B1", "Misura B2"];

    public static IReadOnlyList<ReviewCheck> Run(Application a, ReviewCheckContext context)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(context);
        var checks = new List<ReviewCheck>();
        checks.AddRange(EligibilityRules(a, context));
        checks.AddRange(FiscalCodes(a));
        checks.Add(SameChild(a, context.SameChild));
        checks.Add(Benefits(a, context.Rules));
        checks.Add(IseeAtSubmission(a));
        checks.Add(MandatoryDocuments(a, context.Rules));
        return checks;
    }

    /// <summary>
    /// The flags the checks raise: an eligibility rule only when it fails (a rule "to verify" is the
    /// office's ordinary work), every other check as soon as it is not ok.
    /// </summary>
    public static IReadOnlyList<string> Flags(IEnumerable<ReviewCheck> checks) =>
        checks.Where(c => c.Flag == ReviewFlags.Eligibility ? c.Outcome == CheckOutcome.Failed : c.Outcome != CheckOutcome.Ok)
            .Select(c => c.Flag)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string Italian(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Ok => "ok",
        CheckOutcome.Warning => "attenzione",
        _ => "non superato",
    };

    /// <summary>Each rule of the frozen version, as the submission evaluated it.</summary>
    public static IEnumerable<ReviewCheck> EligibilityRules(Application a, ReviewCheckContext context) =>
        SubmissionRules.Evaluate(a, context.Rules, context.ActionCode, context.ServiceStart)
            .Select(r => new ReviewCheck(
                ReviewFlags.Eligibility,
                "Requisito: " + r.Rule,
                r.Outcome switch
                {
                    EligibilityOutcome.Eligible => CheckOutcome.Ok,
                    EligibilityOutcome.NotEligible => CheckOutcome.Failed,
                    _ => CheckOutcome.Warning,
                },
                r.Reason));

    /// <summary>The applicant's and each child's codice fiscale against the declared birth date; the sex is read from the code (day + 40 for women).</summary>
    public static IEnumerable<ReviewCheck> FiscalCodes(Application a)
    {
        var applicant = $"{a.Applicant.GivenName} {a.Applicant.FamilyName}".Trim();
        yield return FiscalCode("Codice fiscale del richiedente", applicant, a.Applicant.FiscalCode, a.Applicant.BirthDate);
        foreach (var child in a.Household.Children)
        {
            yield return FiscalCode("Codice fiscale del figlio", $"{child.GivenName} {child.FamilyName}".Trim(), child.FiscalCode, child.BirthDate);
        }
    }

    private static ReviewCheck FiscalCode(string title, string person, string code, DateOnly? birthDate)
    {
        title = person.Length > 0 ? $"{title} ({person})" : title;
        if (!Identity.FiscalCode.TryParse(code, out var parsed, out var problem))
        {
            return new(ReviewFlags.FiscalCode, title, CheckOutcome.Failed, problem switch
            {
                FiscalCodeProblem.Missing => "Il codice fiscale manca.",
                FiscalCodeProblem.BadChecksum => $"Il codice fiscale {code} non è valido: il carattere di controllo non corrisponde.",
                _ => $"Il codice fiscale {code} non ha il formato previsto (16 caratteri).",
            });
        }

        var sex = parsed.IsFemale ? "femminile" : "maschile";
        if (birthDate is not { } birth)
        {
            return new(ReviewFlags.FiscalCode, title, CheckOutcome.Warning,
                $"La data di nascita non è stata dichiarata: non si può confrontare con il codice fiscale {parsed.Value} (sesso {sex} secondo il codice).");
        }

        var date = birth.ToString("dd/MM/yyyy", It);
        return parsed.Matches(birth, parsed.IsFemale)
            ? new(ReviewFlags.FiscalCode, title, CheckOutcome.Ok, $"Il codice fiscale {parsed.Value} è coerente con la data di nascita {date}; indica sesso {sex}.")
            : new(ReviewFlags.FiscalCode, title, CheckOutcome.Failed, $"Il codice fiscale {parsed.Value} non corrisponde alla data di nascita dichiarata ({date}): verificare il codice o la data.");
    }

    /// <summary>The same child (codice fiscale) in other applications of this call or of other calls of the project.</summary>
    public static ReviewCheck SameChild(Application a, IReadOnlyList<SameChildApplication> others)
    {
        const string title = "Stesso figlio in altre domande";
        if (a.Household.Children.Count == 0)
        {
            return new(ReviewFlags.DuplicateChild, title, CheckOutcome.Ok, "La domanda non indica figli: controllo non applicabile.");
        }

        if (others.Count == 0)
        {
            return new(ReviewFlags.DuplicateChild, title, CheckOutcome.Ok, "Nessun'altra domanda di questo progetto (bozze e domande ritirate escluse) indica gli stessi figli.");
        }

        var lines = others.OrderBy(o => o.ProtocolNumber, StringComparer.Ordinal).Select(o =>
            $"{o.ProtocolNumber} ({(o.SameCall ? "questo bando" : "bando " + o.CallReference + " - " + o.CallTitle)}, {ApplicationStatuses.Italian(o.Status).ToLower(It)}) per il figlio {o.ChildFiscalCode}");
        return new(ReviewFlags.DuplicateChild, title, CheckOutcome.Warning,
            "Lo stesso figlio compare in altre domande: " + string.Join("; ", lines) + ". Verificare che lo stesso servizio non sia finanziato due volte.");
    }

    /// <summary>
    /// Declared benefits that exclude the voucher: a benefit the call lists fails the check; one of
    /// the known ones the call does not list (or named in the free note) needs a look.
    /// </summary>
    public static ReviewCheck Benefits(Application a, CallRules rules)
    {
        const string title = "Contributi incompatibili dichiarati";
        ArgumentNullException.ThrowIfNull(rules);
        var declared = a.Declarations.OtherBenefits.Where(b => !string.IsNullOrWhiteSpace(b)).Select(b => b.Trim()).ToList();
        var excluded = declared.Where(b => rules.Eligibility.IncompatibleBenefits.Contains(b, StringComparer.OrdinalIgnoreCase)).ToList();
        if (excluded.Count > 0)
        {
            return new(ReviewFlags.Benefits, title, CheckOutcome.Failed,
                $"La famiglia dichiara {string.Join(", ", excluded)}: il bando esclude il doppio contributo per lo stesso figlio e lo stesso servizio.");
        }

        var known = declared.Where(b => KnownIncompatibleBenefits.Contains(b, StringComparer.OrdinalIgnoreCase)).ToList();
        var note = a.Declarations.OtherBenefitsNote ?? "";
        known.AddRange(KnownBenefitPattern().Matches(note).Select(m => m.Value.Trim()));
        if (known.Count > 0)
        {
            return new(ReviewFlags.Benefits, title, CheckOutcome.Warning,
                $"La famiglia indica {string.Join(", ", known.Distinct(StringComparer.OrdinalIgnoreCase))}: il bando non lo elenca fra i contributi incompatibili, ma di solito finanzia lo stesso servizio. Verificare.");
        }

        return new(ReviewFlags.Benefits, title, CheckOutcome.Ok, declared.Count == 0 && note.Length == 0
            ? "La famiglia non dichiara altri contributi."
            : "I contributi dichiarati non sono fra quelli che escludono il voucher.");
    }

    /// <summary>The ISEE declared must still be valid on the day of submission (Europe/Rome).</summary>
    public static ReviewCheck IseeAtSubmission(Application a)
    {
        const string title = "ISEE valido all'invio";
        if (!a.Isee.HasIsee)
        {
            return new(ReviewFlags.IseeExpired, title, CheckOutcome.Ok, "La famiglia non presenta l'ISEE: controllo non applicabile.");
        }

        if (a.Isee.ExpiresOn is not { } expires || a.SubmittedAt is not { } submitted)
        {
            return new(ReviewFlags.IseeExpired, title, CheckOutcome.Warning, "La scadenza dell'ISEE non è indicata: verificarla sull'attestazione.");
        }

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(submitted, Rome).Date);
        var (e, d) = (expires.ToString("dd/MM/yyyy", It), day.ToString("dd/MM/yyyy", It));
        return expires < day
            ? new(ReviewFlags.IseeExpired, title, CheckOutcome.Failed, $"L'ISEE era scaduto il {e}, prima dell'invio della domanda ({d}).")
            : new(ReviewFlags.IseeExpired, title, CheckOutcome.Ok, $"L'ISEE scade il {e}: era valido all'invio ({d}).");
    }

    /// <summary>Every mandatory document of the frozen version has at least one file (uploaded with the application or with an answer to a request).</summary>
    public static ReviewCheck MandatoryDocuments(Application a, CallRules rules)
    {
        const string title = "Documenti obbligatori";
        var missing = SubmissionRules.Documents(rules)
            .Where(d => d.Document.Mandatory && a.Documents.All(x => x.RequirementKey != d.Key))
            .Select(d => d.Document.Name)
            .ToList();
        return missing.Count == 0
            ? new(ReviewFlags.MissingDocuments, title, CheckOutcome.Ok, "Tutti i documenti obbligatori del bando sono allegati.")
            : new(ReviewFlags.MissingDocuments, title, CheckOutcome.Failed, "Mancano: " + string.Join(", ", missing) + ".");
    }

    /// <summary>
    /// Reads what the checks need: the version the application was submitted under (not the call's
    /// current one) and the other applications of the same project (drafts and withdrawn ones
    /// excluded) that name one of its children.
    /// </summary>
    public static async Task<ReviewCheckContext> LoadContextAsync(AppDbContext db, Application a, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(a);
        var call = await db.Calls.AsNoTracking()
            .Where(c => c.Id == a.CallId)
            .Select(c => new { c.ProjectId, c.ActionCode, c.ServiceStart, c.CurrentVersionNumber })
            .SingleAsync(ct);
        var rules = await db.CallVersions.AsNoTracking()
            .Where(v => v.CallId == a.CallId && (a.CallVersionId != null ? v.Id == a.CallVersionId : v.Number == call.CurrentVersionNumber))
            .Select(v => v.Rules)
            .SingleAsync(ct);
        var codes = a.Household.Children.Select(c => Identity.FiscalCode.Normalise(c.FiscalCode)).Where(c => c.Length > 0).Distinct().ToList();
        var others = codes.Count == 0 ? [] : await SameChildAsync(db, a, call.ProjectId, codes, ct);
        return new ReviewCheckContext(rules, call.ActionCode, call.ServiceStart ?? DateOnly.FromDateTime(DateTime.UnixEpoch), others);
    }

    /// <summary>Runs the checks and stores the flags they raise on the (tracked) application; the caller saves.</summary>
    public static async Task<IReadOnlyList<ReviewCheck>> RefreshAsync(AppDbContext db, Application a, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var documents = db.Entry(a).Collection(x => x.Documents);
        if (!documents.IsLoaded && db.Entry(a).State != EntityState.Added)
        {
            await documents.LoadAsync(ct);
        }

        var checks = Run(a, await LoadContextAsync(db, a, ct));
        a.SetFlags(Flags(checks));
        return checks;
    }

    private static async Task<IReadOnlyList<SameChildApplication>> SameChildAsync(AppDbContext db, Application a, Guid projectId, List<string> codes, CancellationToken ct)
    {
        var rows = await db.Applications.AsNoTracking()
            .Where(o => o.Id != a.Id && o.Status != ApplicationStatus.Draft && o.Status != ApplicationStatus.Withdrawn)
            .Join(db.Calls.Where(c => c.ProjectId == projectId), o => o.CallId, c => c.Id, (o, c) => new { o, c })
            // Children's codes are stored normalised (FiscalCode.Normalise) by the wizard.
            .Where(x => x.o.Household.Children.Any(ch => codes.Contains(ch.FiscalCode)))
            .Select(x => new
            {
                x.o.ProtocolNumber,
                x.o.Status,
                x.o.CallId,
                x.c.ReferenceNumber,
                x.c.Title,
                Children = x.o.Household.Children.Select(ch => ch.FiscalCode).ToList(),
            })
            .ToListAsync(ct);
        return rows
            .SelectMany(r => r.Children.Select(Identity.FiscalCode.Normalise).Where(codes.Contains).Distinct()
                .Select(code => new SameChildApplication(code, r.ProtocolNumber ?? "-", r.ReferenceNumber, r.Title, r.Status, r.CallId == a.CallId)))
            .ToList();
    }

    [GeneratedRegex(@"nidi\s+gratis|bonus\s+nido|misura\s+b[12]\b|\bb[12]\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KnownBenefitPattern();
}
