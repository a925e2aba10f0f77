namespace Conciliazione.Domain.Applications;

/// <summary>
/// A family's application (domanda) to a call. A draft is edited step by step; <see cref="Submit"/>
/// freezes it with the call version it was made under and gives it a protocol number. Every
/// status change is a named method that appends to <see cref="History"/> (who, when, why).
/// </summary>
public class Application
{
    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid CallId { get; private set; }

    /// <summary>The frozen version of the call's rules and texts this application was submitted under.</summary>
    public Guid? CallVersionId { get; private set; }
    public Guid FamilyUserId { get; private set; }
    public ApplicationStatus Status { get; private set; }
    public string? ProtocolNumber { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }

    /// <summary>The idempotency key of the submit form: a replayed POST finds the same application.</summary>
    public Guid? SubmissionKey { get; private set; }

    /// <summary>
    /// The key of the "Inizia una nuova domanda" form that opened this draft (UNIQUE): a double
    /// click or a replayed POST finds this draft instead of opening a second one.
    /// </summary>
    public Guid? StartKey { get; private set; }

    public ApplicantSection Applicant { get; private set; } = new();
    public HouseholdSection Household { get; private set; } = new();
    public EmploymentSection Employment { get; private set; } = new();

    /// <summary>
    /// The alliance municipality the applicant lives in (null: lives elsewhere or not said yet). A
    /// column of its own, not part of the employment JSON, because the dashboards group by it.
    /// </summary>
    public Guid? ResidenceMunicipalityId { get; private set; }
    public IseeSection Isee { get; private set; } = new();
    public ServiceSection Service { get; private set; } = new();
    public DeclarationsSection Declarations { get; private set; } = new();

    /// <summary>
    /// When the retention job pseudonymised this application's personal data (<see cref="Privacy.Retention"/>);
    /// null while they are on file. The figures (amounts, dates, statuses, municipality) stay.
    /// </summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    /// <summary>The staff user who took the application in charge (or whom an admin assigned).</summary>
    public Guid? ReviewerId { get; private set; }
    public DateTimeOffset? ReviewerSince { get; private set; }

    /// <summary>What the automatic checks flagged at the last run (<see cref="ReviewFlags"/>), for the queue's filters.</summary>
    public List<string> Flags { get; private set; } = [];

    public List<ApplicationStatusChange> History { get; private set; } = [];
    public List<ApplicationDocument> Documents { get; private set; } = [];
    public List<DocumentRequest> DocumentRequests { get; private set; } = [];
    public List<ApplicationDecision> Decisions { get; private set; } = [];
    public List<ReviewNote> Notes { get; private set; } = [];
    public List<ChecklistTick> Checklist { get; private set; } = [];

    private Application()
    {
    }

    public static Application StartDraft(Guid allianceId, Guid callId, Guid familyUserId, ApplicantSection applicant, DateTimeOffset now, Guid? startKey = null) => new()
    {
        Id = Guid.NewGuid(),
        StartKey = startKey,
        AllianceId = allianceId,
        CallId = callId,
        FamilyUserId = familyUserId,
        Status = ApplicationStatus.Draft,
        CreatedAt = now,
        UpdatedAt = now,
        Applicant = applicant,
    };

    public bool IsDraft => Status == ApplicationStatus.Draft;

    public void UpdateApplicant(ApplicantSection value, DateTimeOffset now) => Edit(now, () => Applicant = value);
    public void UpdateHousehold(HouseholdSection value, DateTimeOffset now) => Edit(now, () => Household = value);
    public void UpdateEmployment(EmploymentSection value, Guid? residenceMunicipalityId, DateTimeOffset now) => Edit(now, () =>
    {
        Employment = value;
        ResidenceMunicipalityId = residenceMunicipalityId;
    });
    public void UpdateIsee(IseeSection value, DateTimeOffset now) => Edit(now, () => Isee = value);
    public void UpdateService(ServiceSection value, DateTimeOffset now) => Edit(now, () => Service = value);
    public void UpdateDeclarations(DeclarationsSection value, DateTimeOffset now) => Edit(now, () => Declarations = value);

    public ApplicationDocument AttachDocument(string requirementKey, string fileName, UploadKind kind, byte[] content, DateTimeOffset now)
    {
        EnsureDraft();
        var document = ApplicationDocument.Create(Id, requirementKey, fileName, kind, content, now);
        Documents.Add(document);
        UpdatedAt = now;
        return document;
    }

    public void RemoveDocument(Guid documentId, DateTimeOffset now)
    {
        EnsureDraft();
        Documents.RemoveAll(d => d.Id == documentId);
        UpdatedAt = now;
    }

    /// <summary>
    /// Freezes the application: from here on the family can only read it or withdraw it. Returns
    /// the child claims the submission makes (one application per child per call): the caller
    /// inserts them in the submitting transaction, where UNIQUE(call_id, child_fiscal_code) refuses
    /// a second application for the same child.
    /// </summary>
    public IReadOnlyList<ChildClaim> Submit(Guid callVersionId, string protocolNumber, Guid submissionKey, DateTimeOffset now)
    {
        EnsureDraft();
        CallVersionId = callVersionId;
        ProtocolNumber = protocolNumber;
        SubmissionKey = submissionKey;
        SubmittedAt = now;
        Move(ApplicationStatus.Submitted, ApplicationActor.Family, FamilyUserId, now, null);
        return ChildClaims();
    }

    /// <summary>The claims this application holds on its call while <see cref="ApplicationTransitions.HoldsChildClaims"/>.</summary>
    public IReadOnlyList<ChildClaim> ChildClaims() =>
        Household.Children
            .Select(c => c.FiscalCode.Trim().ToUpperInvariant())
            .Where(c => c.Length > 0)
            .Distinct()
            .Select(c => new ChildClaim { CallId = CallId, ChildFiscalCode = c, ApplicationId = Id })
            .ToList();

    public bool HoldsChildClaims => ApplicationTransitions.HoldsChildClaims(Status);

    public DocumentRequest? OpenDocumentRequest => DocumentRequests.SingleOrDefault(r => r.IsOpen);

    public ApplicationDecision? CurrentDecision => Decisions.SingleOrDefault(d => d.IsCurrent);

    /// <summary>
    /// "Prendi in carico": a submitted application enters the review with this reviewer. An
    /// application already in review without a reviewer gets one; one that has a reviewer (also a
    /// submitted one an admin assigned to a colleague) is reassigned only by an admin (<see cref="AssignReviewer"/>).
    /// </summary>
    public void TakeInCharge(Guid reviewerId, DateTimeOffset now)
    {
        if (Status == ApplicationStatus.Submitted && ReviewerId is { } assigned && assigned != reviewerId)
        {
            throw new DomainException("La domanda è assegnata a un altro istruttore: solo un amministratore può riassegnarla.");
        }

        if (Status == ApplicationStatus.Submitted)
        {
            SetReviewer(reviewerId, now);
            Move(ApplicationStatus.InReview, ApplicationActor.Staff, reviewerId, now, "Presa in carico");
            return;
        }

        if (!ApplicationTransitions.IsUnderReview(Status))
        {
            throw new DomainException("La domanda non è in istruttoria: non si può prendere in carico.");
        }

        if (ReviewerId is not null && ReviewerId != reviewerId)
        {
            throw new DomainException("La domanda è già in carico a un altro istruttore: solo un amministratore può riassegnarla.");
        }

        SetReviewer(reviewerId, now);
    }

    /// <summary>An admin assigns (or reassigns) the reviewer; a submitted application stays submitted until the reviewer takes it in charge.</summary>
    public void AssignReviewer(Guid reviewerId, DateTimeOffset now)
    {
        if (!ApplicationTransitions.IsUnderReview(Status))
        {
            throw new DomainException("L'istruttore si assegna solo a una domanda in istruttoria.");
        }

        SetReviewer(reviewerId, now);
    }

    /// <summary>Asks the family for documents (integrazione): in review -> documents requested.</summary>
    public DocumentRequest RequestDocuments(IReadOnlyList<RequestedItem> items, string? message, DateTimeOffset dueAt, Guid by, DateTimeOffset now)
    {
        EnsureStatus(ApplicationStatus.InReview, "Si chiedono documenti solo per una domanda in istruttoria (presa in carico e non ancora decisa).");
        var request = DocumentRequest.Create(Id, items, message, dueAt, by, now);
        DocumentRequests.Add(request);
        Move(ApplicationStatus.DocumentsRequested, ApplicationActor.Staff, by, now, "Richiesta di integrazione");
        return request;
    }

    /// <summary>Staff move the deadline of the open request.</summary>
    public void ExtendDocumentRequest(Guid requestId, DateTimeOffset newDueAt, DateTimeOffset now)
    {
        var request = DocumentRequests.SingleOrDefault(r => r.Id == requestId)
            ?? throw new DomainException("Richiesta di integrazione non trovata.");
        request.Extend(newDueAt, now);
        UpdatedAt = now;
    }

    /// <summary>Staff withdraw the open request (asked by mistake): the application is back in review.</summary>
    public void CancelDocumentRequest(Guid requestId, Guid by, DateTimeOffset now)
    {
        var request = DocumentRequests.SingleOrDefault(r => r.Id == requestId && r.IsOpen)
            ?? throw new DomainException("La richiesta di integrazione è già chiusa.");
        request.Cancel(by, now);
        Move(ApplicationStatus.InReview, ApplicationActor.Staff, by, now, "Richiesta di integrazione annullata");
    }

    /// <summary>
    /// The family answers the open request: one file for each requested item (nothing else), and
    /// a note; the application goes back to review.
    /// </summary>
    public IReadOnlyList<ApplicationDocument> AnswerDocumentRequest(Guid requestId, IReadOnlyList<(string ItemKey, string FileName, UploadKind Kind, byte[] Content)> files, string? note, DateTimeOffset now)
    {
        var request = DocumentRequests.SingleOrDefault(r => r.Id == requestId)
            ?? throw new DomainException("Richiesta di integrazione non trovata.");
        if (!request.IsOpen || Status != ApplicationStatus.DocumentsRequested)
        {
            throw new DomainException("Questa richiesta di integrazione è già chiusa: non si possono più caricare documenti.");
        }

        var requested = request.Items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var foreign = files.Where(f => !requested.Contains(f.ItemKey)).ToList();
        if (foreign.Count > 0)
        {
            throw new DomainException("Si possono caricare solo i documenti richiesti dall'ufficio.");
        }

        var missing = request.Items.Where(i => files.All(f => f.ItemKey != i.Key)).ToList();
        if (missing.Count > 0)
        {
            throw new DomainException(missing.Select(i => new DomainError("Files", "Caricare il documento richiesto: " + i.Label + ".")).ToList());
        }

        var added = files.Select(f => ApplicationDocument.Create(Id, f.ItemKey, f.FileName, f.Kind, f.Content, now, request.Id)).ToList();
        request.Answer(note, now);
        Documents.AddRange(added);
        Move(ApplicationStatus.InReview, ApplicationActor.Family, FamilyUserId, now, "Integrazione inviata");
        return added;
    }

    /// <summary>Admit or not admit, with reasons: in review -> admitted | not admitted.</summary>
    public ApplicationDecision Decide(DecisionOutcome outcome, IReadOnlyList<string> reasons, string? note, Guid by, DateTimeOffset now)
    {
        EnsureStatus(ApplicationStatus.InReview, Status == ApplicationStatus.DocumentsRequested
            ? "C'è una richiesta di integrazione aperta: attendere la risposta della famiglia o annullare la richiesta prima di decidere."
            : "Si decide solo una domanda in istruttoria: prenderla in carico, o riaprirla se è già stata decisa.");
        var decision = ApplicationDecision.Create(Id, outcome, reasons, note, by, now);
        Decisions.Add(decision);
        Move(outcome == DecisionOutcome.Admitted ? ApplicationStatus.Admitted : ApplicationStatus.NotAdmitted, ApplicationActor.Staff, by, now, string.Join("; ", decision.AllReasons) is { Length: > 0 } r ? Truncate(r) : null);
        return decision;
    }

    /// <summary>"Riapri": the only way to correct a decision. Admitted | not admitted -> in review, with the reason.</summary>
    public void Reopen(string? reason, Guid by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException([new DomainError("Reason", "Indicare il motivo della riapertura: resta nella storia della domanda.")]);
        }

        if (Status is not (ApplicationStatus.Admitted or ApplicationStatus.NotAdmitted) || CurrentDecision is not { } decision)
        {
            throw new DomainException("Si riapre solo una domanda ammessa o non ammessa, prima del finanziamento.");
        }

        decision.Reopen(reason.Trim(), by, now);
        Move(ApplicationStatus.InReview, ApplicationActor.Staff, by, now, Truncate("Riaperta: " + reason.Trim()));
    }

    public ReviewNote AddNote(string? text, Guid by, DateTimeOffset now)
    {
        if (IsDraft)
        {
            throw new DomainException("Le note si aggiungono solo a una domanda inviata.");
        }

        var note = ReviewNote.Create(Id, text, by, now);
        Notes.Add(note);
        UpdatedAt = now;
        return note;
    }

    /// <summary>Ticks (or unticks) an item of the call's review checklist, with a note.</summary>
    public void TickChecklist(string itemKey, bool done, string? note, Guid by, DateTimeOffset now)
    {
        if (!ApplicationTransitions.IsUnderReview(Status))
        {
            throw new DomainException("La lista di controllo si compila durante l'istruttoria: riaprire la domanda per modificarla.");
        }

        var tick = Checklist.SingleOrDefault(t => t.ItemKey == itemKey);
        if (tick is null)
        {
            tick = ChecklistTick.Create(Id, itemKey);
            Checklist.Add(tick);
        }

        tick.Set(done, note, by, now);
        UpdatedAt = now;
    }

    /// <summary>Stores what the automatic checks flagged (they are re-run by the review, never typed).</summary>
    public void SetFlags(IEnumerable<string> flags)
    {
        var next = flags.Where(f => ReviewFlags.All.Contains(f)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (!next.SequenceEqual(Flags))
        {
            Flags = next;
        }
    }

    /// <summary>Funded from the admitted list or the reserve list (the Grants feature calls this).</summary>
    public void MarkFunded(ApplicationActor by, Guid byUserId, DateTimeOffset now, string? reason = null) =>
        Move(ApplicationStatus.Funded, by, byUserId, now, reason);

    /// <summary>Admitted but not funded for now: on the reserve list.</summary>
    public void MarkWaitlisted(ApplicationActor by, Guid byUserId, DateTimeOffset now, string? reason = null) =>
        Move(ApplicationStatus.WaitingList, by, byUserId, now, reason);

    /// <summary>The family gives up a funded voucher.</summary>
    public void Renounce(DateTimeOffset now, string? reason) =>
        Move(ApplicationStatus.Renounced, ApplicationActor.Family, FamilyUserId, now, reason);

    /// <summary>Staff revoke a funded application (e.g. a false self-declaration found by the controls).</summary>
    public void Revoke(Guid by, DateTimeOffset now, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException([new DomainError("Reason", "Indicare il motivo della revoca.")]);
        }

        Move(ApplicationStatus.Revoked, ApplicationActor.Staff, by, now, Truncate(reason.Trim()));
    }

    /// <summary>
    /// Stores the receipt PDF generated after submission (its SHA-256 is on the document row). The
    /// application row itself does not change, so a reviewer's page opened before the receipt job
    /// ran still saves on the version it read.
    /// </summary>
    public ApplicationDocument AttachReceipt(byte[] pdf, DateTimeOffset now)
    {
        if (IsDraft)
        {
            throw new DomainException("La ricevuta si genera solo per una domanda inviata.");
        }

        var name = "ricevuta-" + (ProtocolNumber ?? "").Replace('/', '-');
        var receipt = ApplicationDocument.Create(Id, ApplicationDocument.ReceiptKey, name, UploadKind.Pdf, pdf, now);
        Documents.Add(receipt);
        return receipt;
    }

    /// <summary>
    /// Stores the decision letter PDF (esito) of <paramref name="decisionId"/> and links it to the
    /// decision. Idempotent: a decision that already has its letter keeps it.
    /// </summary>
    public ApplicationDocument AttachDecisionLetter(Guid decisionId, byte[] pdf, DateTimeOffset now)
    {
        var decision = Decisions.SingleOrDefault(d => d.Id == decisionId)
            ?? throw new DomainException("Decisione non trovata.");
        if (decision.LetterDocumentId is { } existing && Documents.SingleOrDefault(d => d.Id == existing) is { } letter)
        {
            return letter;
        }

        var name = "esito-" + (ProtocolNumber ?? "").Replace('/', '-');
        var document = ApplicationDocument.Create(Id, ApplicationDocument.DecisionKey, name, UploadKind.Pdf, pdf, now);
        Documents.Add(document);
        decision.AttachLetter(document.Id);
        return document;
    }

    /// <summary>
    /// Checks that this application may be deleted by its family: only a draft, never a submitted
    /// application (which has a protocol number and must stay on record). Deleting the row releases
    /// what the draft holds: its uploaded documents go with it (cascade); a draft holds no child
    /// claim and no budget (those come with submission and grant).
    /// </summary>
    public void EnsureDiscardable()
    {
        if (!IsDraft)
        {
            throw new DomainException("Solo una bozza si può eliminare: una domanda inviata si può ritirare.");
        }
    }

    public void Withdraw(Guid byUserId, DateTimeOffset now, string? reason)
    {
        if (!ApplicationStatuses.CanWithdraw(Status))
        {
            throw new DomainException("La domanda non può più essere ritirata: è già stata decisa o non è stata inviata.");
        }

        OpenDocumentRequest?.Cancel(byUserId, now);
        Move(ApplicationStatus.Withdrawn, ApplicationActor.Family, byUserId, now, reason);
    }

    private void Edit(DateTimeOffset now, Action change)
    {
        EnsureDraft();
        change();
        UpdatedAt = now;
    }

    private void EnsureDraft()
    {
        if (!IsDraft)
        {
            throw new DomainException("La domanda è già stata inviata e non può essere modificata.");
        }
    }

    private void EnsureStatus(ApplicationStatus expected, string message)
    {
        if (Status != expected)
        {
            throw new DomainException(message);
        }
    }

    private void SetReviewer(Guid reviewerId, DateTimeOffset now)
    {
        if (ReviewerId != reviewerId)
        {
            ReviewerId = reviewerId;
            ReviewerSince = now;
        }

        UpdatedAt = now;
    }

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..997] + "...";

    /// <summary>The one place a status changes: refuses any pair <see cref="ApplicationTransitions"/> does not list.</summary>
    private void Move(ApplicationStatus to, ApplicationActor by, Guid byUserId, DateTimeOffset now, string? reason)
    {
        if (!ApplicationTransitions.IsAllowed(Status, to, by))
        {
            throw new DomainException($"Passaggio non consentito: da \"{ApplicationStatuses.Italian(Status)}\" a \"{ApplicationStatuses.Italian(to)}\".");
        }

        History.Add(new ApplicationStatusChange(Id, Status, to, byUserId, now, reason));
        Status = to;
        UpdatedAt = now;
    }
}

/// <summary>One step of an application's status history: the audit trail families see as a timeline.</summary>
public class ApplicationStatusChange
{
    public long Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public ApplicationStatus From { get; private set; }
    public ApplicationStatus To { get; private set; }
    public Guid ByUserId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string? Reason { get; private set; }

    private ApplicationStatusChange()
    {
    }

    public ApplicationStatusChange(Guid applicationId, ApplicationStatus from, ApplicationStatus to, Guid byUserId, DateTimeOffset at, string? reason)
    {
        ApplicationId = applicationId;
        From = from;
        To = to;
        ByUserId = byUserId;
        At = at;
        Reason = reason;
    }
}

/// <summary>
/// "One application per child per call": a row per child of a submitted application under
/// UNIQUE(call_id, child_fiscal_code), inserted in the submitting transaction, so two concurrent
/// submissions for the same child cannot both succeed.
/// </summary>
public class ChildClaim
{
    public Guid CallId { get; set; }
    public string ChildFiscalCode { get; set; } = "";
    public Guid ApplicationId { get; set; }
}
