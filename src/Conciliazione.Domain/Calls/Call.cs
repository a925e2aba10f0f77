using System.Globalization;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Providers;

namespace Conciliazione.Domain.Calls;

/// <summary>draft -&gt; published -&gt; closed -&gt; ranked -&gt; concluded.</summary>
public enum CallStatus
{
    Draft,
    Published,
    Closed,
    Ranked,
    Concluded,
}

/// <summary>Where a call's application window stands at a given instant.</summary>
public enum WindowState
{
    NotPublished,
    Upcoming,
    Open,
    Closed,
}

/// <summary>The fields of a call staff type on the edit form (everything but the versioned rules).</summary>
public sealed record CallDetails(
    string ReferenceNumber,
    string Title,
    string? Description,
    DateTimeOffset? OpensAt,
    DateTimeOffset? ClosesAt,
    DateOnly? ServiceStart,
    DateOnly? ServiceEnd,
    decimal Budget,
    bool AllowsOtherProvider);

/// <summary>
/// A bando/avviso of a voucher action (A or B) of a project: the application window, the service
/// period, the budget, the providers families may choose, the official document and the
/// versioned rules. The aggregate root of the call: every change goes through a named method
/// that refuses it when the state does not allow it (see Calls/README.md).
/// </summary>
public class Call
{
    public const string FrozenMessage =
        "Le regole del bando sono bloccate perché è già stata presentata almeno una domanda: per correggerle registrare una rettifica con la motivazione.";

    public const string PublishedMessage =
        "Il bando è pubblicato: ogni modifica delle regole diventa una nuova versione, con il motivo.";

    public const string ReasonRequiredMessage = "Indicare il motivo della modifica delle regole: sarà pubblicato sulla pagina del bando.";

    private Call()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid ProjectId { get; private set; }
    public Guid ActionId { get; private set; }

    /// <summary>The action's code (A or B) when the call was created: decides the eligible services.</summary>
    public string ActionCode { get; private set; } = "";

    public string ReferenceNumber { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }

    /// <summary>Applications are accepted from this instant (UTC; entered and shown in Europe/Rome).</summary>
    public DateTimeOffset? OpensAt { get; private set; }

    /// <summary>Applications are accepted until just before this instant (the window is [opens, closes)).</summary>
    public DateTimeOffset? ClosesAt { get; private set; }

    public DateOnly? ServiceStart { get; private set; }
    public DateOnly? ServiceEnd { get; private set; }
    public decimal Budget { get; private set; }

    /// <summary>
    /// The sum of the call's active grants. Changed only by the grants' conditional UPDATE
    /// (<c>committed + @a &lt;= budget</c>) and kept within the budget by a CHECK (ADR 0054).
    /// </summary>
    public decimal Committed { get; private set; }

    /// <summary>What can still be granted.</summary>
    public decimal Free => Budget - Committed;

    public bool AllowsOtherProvider { get; private set; }

    public CallStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? CreatedBy { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public Guid? PublishedBy { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public DateTimeOffset? RankedAt { get; private set; }
    public DateTimeOffset? ConcludedAt { get; private set; }

    /// <summary>Set when the first application is submitted: from then on the rules change only by amendment.</summary>
    public DateTimeOffset? FrozenAt { get; private set; }

    public int CurrentVersionNumber { get; private set; }

    /// <summary>
    /// Bumped when the rules change, so the call row (and its <see cref="Version"/>) changes too:
    /// a rules edit racing the first submission's <see cref="Freeze"/> fails instead of rewriting
    /// the rules an application was just submitted under.
    /// </summary>
    public int RulesRevision { get; private set; }

    public string? DocumentFileName { get; private set; }
    public int? DocumentSize { get; private set; }
    public DateTimeOffset? DocumentUploadedAt { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c> concurrency token.</summary>
    public uint Version { get; private set; }

    public List<CallVersion> Versions { get; } = [];
    public List<CallProvider> Providers { get; } = [];

    public bool IsFrozen => FrozenAt is not null;
    public bool HasDocument => DocumentFileName is not null;

    /// <summary>The rules applications are judged by now (needs <see cref="Versions"/> loaded).</summary>
    public CallVersion CurrentVersion => Versions.Single(v => v.Number == CurrentVersionNumber);

    public CallRules Rules => CurrentVersion.Rules;

    /// <summary>A new draft under an action of <paramref name="project"/>, with empty rules (version 1).</summary>
    public static Call CreateDraft(Guid allianceId, Project project, Guid actionId, CallDetails details, VoucherBudget budget, DateTimeOffset at, Guid? by)
    {
        project.EnsureEditable();
        if (project.AllianceId != allianceId)
        {
            throw new DomainException("Il progetto non appartiene a questa alleanza.");
        }

        var action = project.Actions.FirstOrDefault(a => a.Id == actionId)
            ?? throw new DomainException("Scegliere un'azione del progetto.");
        if (!ServiceTypes.IsVoucherAction(action.Code))
        {
            throw new DomainException($"L'azione {action.Code} non eroga voucher: i bandi si creano per le azioni A e B.");
        }

        var call = new Call
        {
            Id = Guid.NewGuid(),
            AllianceId = allianceId,
            ProjectId = project.Id,
            ActionId = action.Id,
            ActionCode = action.Code,
            Status = CallStatus.Draft,
            CreatedAt = at.ToUniversalTime(),
            CreatedBy = by,
            CurrentVersionNumber = 1,
        };
        call.Apply(details, project, budget);
        call.Versions.Add(CallVersion.First(call.Id, new CallRules { ServiceTypes = ServiceTypes.ForAction(action.Code).ToList() }, at, by));
        return call;
    }

    /// <summary>Changes the call's own fields; allowed while the call is a draft or published.</summary>
    public void Revise(CallDetails details, Project project, VoucherBudget budget)
    {
        EnsureEditable();
        Apply(details, project, budget);
    }

    /// <summary>Replaces the rules in place: only while the call is a draft nobody outside staff has seen.</summary>
    public void ReviseRules(CallRules rules)
    {
        EnsureEditable();
        if (Status != CallStatus.Draft)
        {
            throw new DomainException(IsFrozen ? FrozenMessage : PublishedMessage);
        }

        EnsureValid(rules);
        CurrentVersion.Replace(rules);
        RulesRevision++;
    }

    /// <summary>
    /// Changes the rules. A draft's rules are rewritten in place (returns null); once the call is
    /// published every change is a numbered version N+1 with who, when and why, so families and
    /// auditors can see what the public page said and when it changed.
    /// </summary>
    /// <remarks>
    /// Publication, not the first submission, is the line: from then on families read the rules
    /// and may be preparing an application under them, so a silent rewrite would change what they
    /// relied on without a trace. Earlier versions never change, so every application keeps the
    /// rules it was submitted under (ADR 0009).
    /// </remarks>
    public CallVersion? ChangeRules(CallRules newRules, string? reason, Guid? by, DateTimeOffset now)
    {
        if (Status == CallStatus.Draft)
        {
            ReviseRules(newRules);
            return null;
        }

        EnsureEditable();
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException([new DomainError("Reason", ReasonRequiredMessage)]);
        }

        EnsureValid(newRules);
        var missing = newRules.Missing(ActionCode);
        if (missing.Count > 0)
        {
            throw new DomainException("Le nuove regole non sono complete: " + string.Join(" ", missing));
        }

        if (newRules.SameAs(Rules))
        {
            throw new DomainException("La modifica non cambia nessuna regola.");
        }

        var version = CallVersion.Amendment(Id, CurrentVersionNumber + 1, newRules, reason.Trim(), now, by);
        Versions.Add(version);
        CurrentVersionNumber = version.Number;
        RulesRevision++;
        return version;
    }

    /// <summary>A rettifica: <see cref="ChangeRules"/> on a published call, which is the only kind it serves.</summary>
    public CallVersion Amend(string reason, CallRules newRules, Guid? by, DateTimeOffset at)
    {
        EnsureEditable();
        if (Status == CallStatus.Draft)
        {
            throw new DomainException("Il bando è in bozza: le regole si modificano direttamente, senza rettifica.");
        }

        return ChangeRules(newRules, reason, by, at)!;
    }

    /// <summary>What changed from <paramref name="number"/> - 1 to version <paramref name="number"/>, in Italian (empty for version 1).</summary>
    public IReadOnlyList<string> ChangesIn(int number)
    {
        var version = Versions.SingleOrDefault(v => v.Number == number);
        var previous = Versions.SingleOrDefault(v => v.Number == number - 1);
        return version is null || previous is null ? [] : CallRules.Differences(previous.Rules, version.Rules);
    }

    /// <summary>Called when the first application is submitted (idempotent).</summary>
    public void Freeze(DateTimeOffset at)
    {
        if (Status == CallStatus.Draft)
        {
            throw new DomainException("Un bando in bozza non riceve domande.");
        }

        FrozenAt ??= at.ToUniversalTime();
    }

    /// <summary>Checks and records the official call document; returns the row holding its bytes.</summary>
    public CallDocument AttachDocument(string? fileName, byte[] content, DateTimeOffset at)
    {
        EnsureEditable();
        if (IsFrozen)
        {
            throw new DomainException("Il documento ufficiale non si sostituisce dopo la prima domanda: registrare una rettifica delle regole e pubblicare un avviso di rettifica.");
        }

        PdfFile.Ensure(content);
        DocumentFileName = PdfFile.SafeName(fileName);
        DocumentSize = content.Length;
        DocumentUploadedAt = at.ToUniversalTime();
        return new CallDocument { CallId = Id, Content = content };
    }

    /// <summary>
    /// The providers families may choose: each must hold an agreement in force on
    /// <paramref name="today"/> that covers this call's action.
    /// </summary>
    public void SetProviders(IReadOnlyCollection<Provider> providers, DateOnly today)
    {
        EnsureEditable();
        foreach (var provider in providers)
        {
            if (provider.AllianceId != AllianceId)
            {
                throw new DomainException("L'ente erogatore non appartiene a questa alleanza.");
            }

            if (!provider.HasAgreementInForce(ActionId, today))
            {
                throw new DomainException($"L'ente {provider.LegalName} non ha una convenzione o un accreditamento in vigore per l'azione {ActionCode}.");
            }
        }

        Providers.RemoveAll(p => providers.All(n => n.Id != p.ProviderId));
        foreach (var provider in providers.Where(n => Providers.All(p => p.ProviderId != n.Id)))
        {
            Providers.Add(new CallProvider { CallId = Id, ProviderId = provider.Id });
        }
    }

    /// <summary>What keeps the call from being published, in Italian; empty when it is complete.</summary>
    public IReadOnlyList<string> PublicationProblems(Project project, DateTimeOffset now)
    {
        var problems = new List<string>();
        if (Status != CallStatus.Draft)
        {
            problems.Add("Il bando è già stato pubblicato.");
            return problems;
        }

        if (project.IsClosed)
        {
            problems.Add(Project.ClosedMessage);
        }

        if (string.IsNullOrWhiteSpace(Description))
        {
            problems.Add("Inserire la descrizione del bando.");
        }

        if (!HasDocument)
        {
            problems.Add("Caricare il documento ufficiale del bando (PDF).");
        }

        if (OpensAt is null || ClosesAt is null)
        {
            problems.Add("Indicare apertura e chiusura della raccolta delle domande.");
        }
        else if (ClosesAt <= now)
        {
            problems.Add("La chiusura delle domande è già passata: indicare una data futura.");
        }

        if (ServiceStart is null || ServiceEnd is null)
        {
            problems.Add("Indicare il periodo in cui si svolgono i servizi finanziati.");
        }

        if (Budget <= 0)
        {
            problems.Add("Indicare il budget del bando.");
        }

        if (Providers.Count == 0 && !AllowsOtherProvider)
        {
            problems.Add("Scegliere almeno un ente erogatore oppure consentire alle famiglie di indicarne un altro.");
        }

        problems.AddRange(Rules.Errors(ActionCode));
        problems.AddRange(Rules.Missing(ActionCode));
        return problems;
    }

    public void Publish(Project project, DateTimeOffset now, Guid? by)
    {
        var problems = PublicationProblems(project, now);
        if (problems.Count > 0)
        {
            throw new DomainException("Il bando non può essere pubblicato: " + string.Join(" ", problems));
        }

        Status = CallStatus.Published;
        PublishedAt = now.ToUniversalTime();
        PublishedBy = by;
    }

    /// <summary>Stops the collection of applications (at the deadline, or earlier when the funds run out).</summary>
    public void Close(DateTimeOffset at)
    {
        Require(CallStatus.Published, "Si chiude solo un bando pubblicato.");
        Status = CallStatus.Closed;
        ClosedAt = at.ToUniversalTime();
    }

    /// <summary>The graduatoria (or, first come first served, the list by protocol number) is approved.</summary>
    public void MarkRanked(DateTimeOffset at)
    {
        Require(CallStatus.Closed, "La graduatoria si approva dopo la chiusura del bando.");
        Status = CallStatus.Ranked;
        RankedAt = at.ToUniversalTime();
    }

    public void Conclude(DateTimeOffset at)
    {
        Require(CallStatus.Ranked, "Si conclude un bando dopo l'approvazione della graduatoria.");
        Status = CallStatus.Concluded;
        ConcludedAt = at.ToUniversalTime();
    }

    /// <summary>
    /// Where the application window stands at <paramref name="now"/>.
    /// </summary>
    /// <remarks>
    /// The window is half-open, [opens, closes): a call that "closes at 23:59" accepts an
    /// application stamped 23:58:59 and refuses one stamped 23:59:00 (Europe/Rome wall clock, so
    /// the UTC instant moves by an hour across a daylight-saving change). A call closed by staff
    /// is closed whatever its dates say.
    /// </remarks>
    public WindowState StateAt(DateTimeOffset now) => StateAt(Status, OpensAt, ClosesAt, now);

    /// <summary>The window's state from the columns alone, for pages that read a projection rather than the call.</summary>
    public static WindowState StateAt(CallStatus status, DateTimeOffset? opensAt, DateTimeOffset? closesAt, DateTimeOffset now) => status switch
    {
        CallStatus.Draft => WindowState.NotPublished,
        CallStatus.Published when now < opensAt => WindowState.Upcoming,
        CallStatus.Published when now < closesAt => WindowState.Open,
        _ => WindowState.Closed,
    };

    public bool IsOpenAt(DateTimeOffset now) => StateAt(now) == WindowState.Open;

    public static string StatusItalian(CallStatus status) => status switch
    {
        CallStatus.Draft => "Bozza",
        CallStatus.Published => "Pubblicato",
        CallStatus.Closed => "Chiuso",
        CallStatus.Ranked => "Graduatoria approvata",
        _ => "Concluso",
    };

    private void EnsureValid(CallRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var errors = rules.Errors(ActionCode);
        if (errors.Count > 0)
        {
            throw new DomainException(string.Join(" ", errors));
        }
    }

    private void EnsureEditable()
    {
        if (Status is CallStatus.Closed or CallStatus.Ranked or CallStatus.Concluded)
        {
            throw new DomainException("Il bando è chiuso: non si modifica più.");
        }
    }

    private void Require(CallStatus status, string message)
    {
        if (Status != status)
        {
            throw new DomainException(message);
        }
    }

    private void Apply(CallDetails d, Project project, VoucherBudget budget)
    {
        project.EnsureEditable();
        var errors = new List<DomainError>();
        if (string.IsNullOrWhiteSpace(d.ReferenceNumber))
        {
            errors.Add(new DomainError(null, "Inserire il numero di riferimento del bando."));
        }

        if (string.IsNullOrWhiteSpace(d.Title))
        {
            errors.Add(new DomainError(null, "Inserire il titolo del bando."));
        }

        if (d.OpensAt is { } opens && d.ClosesAt is { } closes && closes <= opens)
        {
            errors.Add(new DomainError(null, "La chiusura delle domande deve essere successiva all'apertura."));
        }

        if (d.ServiceStart is { } start && d.ServiceEnd is { } end)
        {
            if (end < start)
            {
                errors.Add(new DomainError(null, "La fine del periodo dei servizi non può precedere l'inizio."));
            }
            else if (start < project.StartDate || end > project.EndDate)
            {
                errors.Add(new DomainError(null, $"Il periodo dei servizi deve stare dentro il periodo del progetto ({Day(project.StartDate)} - {Day(project.EndDate)})."));
            }
        }

        if (Money.Check(d.Budget) is { } moneyError)
        {
            errors.Add(new DomainError(nameof(CallDetails.Budget), "Budget del bando: " + moneyError));
        }
        else if (d.Budget > budget.Left)
        {
            errors.Add(new DomainError(nameof(CallDetails.Budget), $"Il budget del bando ({Money.Format(d.Budget)}) supera quanto resta per i voucher del progetto ({Money.Format(budget.Left)}). Ridurre il budget o registrare una riallocazione motivata."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        ReferenceNumber = d.ReferenceNumber.Trim();
        Title = d.Title.Trim();
        Description = string.IsNullOrWhiteSpace(d.Description) ? null : d.Description.Trim();
        OpensAt = d.OpensAt?.ToUniversalTime();
        ClosesAt = d.ClosesAt?.ToUniversalTime();
        ServiceStart = d.ServiceStart;
        ServiceEnd = d.ServiceEnd;
        Budget = d.Budget;
        AllowsOtherProvider = d.AllowsOtherProvider;
    }

    private static string Day(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}

/// <summary>
/// One version of a call's rules. Version 1 is written while the call is prepared; every later
/// version is an amendment (rettifica) with its reason, who and when. A version an application
/// refers to is never changed.
/// </summary>
public class CallVersion
{
    private CallVersion()
    {
    }

    public Guid Id { get; private set; }
    public Guid CallId { get; private set; }
    public int Number { get; private set; }
    public CallRules Rules { get; private set; } = new();
    public string? AmendmentReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid? CreatedBy { get; private set; }

    internal static CallVersion First(Guid callId, CallRules rules, DateTimeOffset at, Guid? by) =>
        new() { Id = Guid.NewGuid(), CallId = callId, Number = 1, Rules = rules, CreatedAt = at.ToUniversalTime(), CreatedBy = by };

    internal static CallVersion Amendment(Guid callId, int number, CallRules rules, string reason, DateTimeOffset at, Guid? by) =>
        new() { Id = Guid.NewGuid(), CallId = callId, Number = number, Rules = rules, AmendmentReason = reason, CreatedAt = at.ToUniversalTime(), CreatedBy = by };

    internal void Replace(CallRules rules) => Rules = rules;
}

/// <summary>The bytes of a call's official document, in their own table so that loading a call never loads them.</summary>
public class CallDocument
{
    public Guid CallId { get; set; }
    public byte[] Content { get; set; } = [];
}

/// <summary>A provider families may choose under a call.</summary>
public class CallProvider
{
    public Guid CallId { get; set; }
    public Guid ProviderId { get; set; }
}
