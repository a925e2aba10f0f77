namespace Conciliazione.Domain.Applications;

public enum DocumentRequestStatus
{
    /// <summary>Waiting for the family's answer (overdue once the deadline has passed).</summary>
    Open,

    /// <summary>The family answered with the files (and a note): the application is back in review.</summary>
    Answered,

    /// <summary>Staff withdrew the request (e.g. asked by mistake); the application is back in review.</summary>
    Cancelled,
}

/// <summary>One item a document request asks for: a required document of the call (its key) or a free one.</summary>
public sealed record RequestedItem(string Key, string Label);

/// <summary>
/// An integrazione: the office asks the family for missing or wrong documents by a deadline.
/// While it is open the application is <see cref="ApplicationStatus.DocumentsRequested"/>; the
/// family's answer (files for exactly these items, and a note) brings it back to review. Nothing
/// lapses silently: an overdue request stays open, stands out in the queue, and staff decide
/// (extend the deadline, or decide the application).
/// </summary>
public class DocumentRequest
{
    public const int DefaultDays = 10;
    public const int MaxMessageLength = 2000;
    public const int MaxNoteLength = 2000;

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public List<RequestedItem> Items { get; private set; } = [];
    public string Message { get; private set; } = "";

    /// <summary>The deadline instant (UTC): the end of the chosen day in Europe/Rome.</summary>
    public DateTimeOffset DueAt { get; private set; }
    public Guid RequestedBy { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public DocumentRequestStatus Status { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public string? AnswerNote { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public Guid? ClosedBy { get; private set; }

    /// <summary>How many times staff moved the deadline.</summary>
    public int Extensions { get; private set; }

    private DocumentRequest()
    {
    }

    internal static DocumentRequest Create(Guid applicationId, IReadOnlyList<RequestedItem> items, string? message, DateTimeOffset dueAt, Guid by, DateTimeOffset now)
    {
        var errors = new List<DomainError>();
        if (items.Count == 0)
        {
            errors.Add(new DomainError("Items", "Scegliere almeno un documento da richiedere."));
        }

        if (items.Any(i => string.IsNullOrWhiteSpace(i.Key) || string.IsNullOrWhiteSpace(i.Label)) || items.Select(i => i.Key).Distinct().Count() != items.Count)
        {
            errors.Add(new DomainError("Items", "Ogni documento richiesto deve avere un nome, e comparire una sola volta."));
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            errors.Add(new DomainError("Message", "Scrivere alla famiglia che cosa serve e perché."));
        }
        else if (message.Trim().Length > MaxMessageLength)
        {
            errors.Add(new DomainError("Message", $"Il messaggio supera i {MaxMessageLength} caratteri."));
        }

        if (dueAt <= now)
        {
            errors.Add(new DomainError("DueDate", "La scadenza deve essere una data futura."));
        }

        if (errors.Count > 0)
        {
            throw new DomainException(errors);
        }

        return new DocumentRequest
        {
            Id = Guid.NewGuid(),
            ApplicationId = applicationId,
            Items = items.Select(i => i with { Key = i.Key.Trim(), Label = i.Label.Trim() }).ToList(),
            Message = message!.Trim(),
            DueAt = dueAt.ToUniversalTime(),
            RequestedBy = by,
            RequestedAt = now.ToUniversalTime(),
            Status = DocumentRequestStatus.Open,
        };
    }

    public bool IsOpen => Status == DocumentRequestStatus.Open;

    public bool IsOverdueAt(DateTimeOffset now) => IsOpen && now >= DueAt;

    internal void Answer(string? note, DateTimeOffset now)
    {
        EnsureOpen();
        if (note?.Trim().Length > MaxNoteLength)
        {
            throw new DomainException([new DomainError("Note", $"La nota supera i {MaxNoteLength} caratteri.")]);
        }

        Status = DocumentRequestStatus.Answered;
        AnswerNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        AnsweredAt = now.ToUniversalTime();
        ClosedAt = now.ToUniversalTime();
    }

    internal void Cancel(Guid by, DateTimeOffset now)
    {
        EnsureOpen();
        Status = DocumentRequestStatus.Cancelled;
        ClosedAt = now.ToUniversalTime();
        ClosedBy = by;
    }

    internal void Extend(DateTimeOffset newDueAt, DateTimeOffset now)
    {
        EnsureOpen();
        if (newDueAt <= now)
        {
            throw new DomainException([new DomainError("DueDate", "La nuova scadenza deve essere una data futura.")]);
        }

        if (newDueAt <= DueAt)
        {
            throw new DomainException([new DomainError("DueDate", "La nuova scadenza deve essere successiva a quella attuale.")]);
        }

        DueAt = newDueAt.ToUniversalTime();
        Extensions++;
    }

    private void EnsureOpen()
    {
        if (!IsOpen)
        {
            throw new DomainException("La richiesta di integrazione è già chiusa: non si può più rispondere né modificarla.");
        }
    }
}

public enum DecisionOutcome
{
    Admitted,
    NotAdmitted,
}

/// <summary>
/// A review decision (esito istruttoria) with its reasons: the call's reason templates chosen plus
/// free text. Decisions are never rewritten: a correction is a named reopen (with its reason) and
/// then a new decision, so the history shows both.
/// </summary>
public class ApplicationDecision
{
    public const int MaxNoteLength = 2000;

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public DecisionOutcome Outcome { get; private set; }

    /// <summary>The reasons as the family reads them (template texts, then the free text).</summary>
    public List<string> Reasons { get; private set; } = [];
    public string? Note { get; private set; }
    public Guid DecidedBy { get; private set; }
    public DateTimeOffset DecidedAt { get; private set; }

    /// <summary>The decision letter PDF (an <see cref="ApplicationDocument"/> with key <see cref="ApplicationDocument.DecisionKey"/>), once rendered.</summary>
    public Guid? LetterDocumentId { get; private set; }
    public DateTimeOffset? ReopenedAt { get; private set; }
    public Guid? ReopenedBy { get; private set; }
    public string? ReopenReason { get; private set; }

    private ApplicationDecision()
    {
    }

    internal static ApplicationDecision Create(Guid applicationId, DecisionOutcome outcome, IReadOnlyList<string> templateReasons, string? note, Guid by, DateTimeOffset now)
    {
        var reasons = templateReasons.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct().ToList();
        var free = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (free?.Length > MaxNoteLength)
        {
            throw new DomainException([new DomainError("Note", $"La motivazione supera i {MaxNoteLength} caratteri.")]);
        }

        if (outcome == DecisionOutcome.NotAdmitted && reasons.Count == 0 && free is null)
        {
            throw new DomainException([new DomainError("Reasons", "Indicare almeno un motivo della non ammissione: la famiglia lo leggerà nella lettera.")]);
        }

        return new ApplicationDecision
        {
            Id = Guid.NewGuid(),
            ApplicationId = applicationId,
            Outcome = outcome,
            Reasons = reasons,
            Note = free,
            DecidedBy = by,
            DecidedAt = now.ToUniversalTime(),
        };
    }

    public bool IsCurrent => ReopenedAt is null;

    /// <summary>Everything the family reads as the reasons: the chosen templates, then the free text.</summary>
    public IReadOnlyList<string> AllReasons => Note is null ? Reasons : [.. Reasons, Note];

    public void AttachLetter(Guid documentId) => LetterDocumentId = documentId;

    internal void Reopen(string reason, Guid by, DateTimeOffset now)
    {
        ReopenedAt = now.ToUniversalTime();
        ReopenedBy = by;
        ReopenReason = reason;
    }
}

/// <summary>An internal note on an application: staff only, never shown to the family.</summary>
public class ReviewNote
{
    public const int MaxLength = 2000;

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public Guid AuthorId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string Text { get; private set; } = "";

    private ReviewNote()
    {
    }

    internal static ReviewNote Create(Guid applicationId, string? text, Guid by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DomainException([new DomainError("Text", "Scrivere il testo della nota.")]);
        }

        if (text.Trim().Length > MaxLength)
        {
            throw new DomainException([new DomainError("Text", $"La nota supera i {MaxLength} caratteri.")]);
        }

        return new ReviewNote { Id = Guid.NewGuid(), ApplicationId = applicationId, AuthorId = by, At = now.ToUniversalTime(), Text = text.Trim() };
    }
}

/// <summary>One item of the call's review checklist, as the reviewer ticked it, with a note.</summary>
public class ChecklistTick
{
    public const int MaxNoteLength = 500;

    public Guid ApplicationId { get; private set; }

    /// <summary>The item's key in the frozen call version ("chk-1", ...).</summary>
    public string ItemKey { get; private set; } = "";
    public bool Done { get; private set; }
    public string? Note { get; private set; }
    public Guid By { get; private set; }
    public DateTimeOffset At { get; private set; }

    private ChecklistTick()
    {
    }

    internal static ChecklistTick Create(Guid applicationId, string itemKey) => new() { ApplicationId = applicationId, ItemKey = itemKey };

    internal void Set(bool done, string? note, Guid by, DateTimeOffset now)
    {
        if (note?.Trim().Length > MaxNoteLength)
        {
            throw new DomainException([new DomainError("Note", $"La nota supera i {MaxNoteLength} caratteri.")]);
        }

        Done = done;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        By = by;
        At = now.ToUniversalTime();
    }
}

/// <summary>
/// Flags the automatic checks raise on an application, stored on the row so the queue can filter
/// by them without re-running the checks for thousands of applications.
/// </summary>
public static class ReviewFlags
{
    public const string Eligibility = "requisiti";
    public const string FiscalCode = "codice-fiscale";
    public const string DuplicateChild = "figlio-duplicato";
    public const string Benefits = "contributi-incompatibili";
    public const string IseeExpired = "isee-scaduto";
    public const string MissingDocuments = "documenti-mancanti";

    public static readonly IReadOnlyList<string> All = [Eligibility, FiscalCode, DuplicateChild, Benefits, IseeExpired, MissingDocuments];

    public static string Italian(string flag) => flag switch
    {
        Eligibility => "Requisiti non soddisfatti",
        FiscalCode => "Codice fiscale incoerente",
        DuplicateChild => "Figlio in altre domande",
        Benefits => "Contributi incompatibili dichiarati",
        IseeExpired => "ISEE scaduto all'invio",
        MissingDocuments => "Documenti obbligatori mancanti",
        _ => flag,
    };
}
