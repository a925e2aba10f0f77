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

    /// <summary>SHA-256 (hex) of the receipt PDF given to the family at submission.</summary>
    public string? ReceiptSha256 { get; private set; }

    public ApplicantSection Applicant { get; private set; } = new();
    public HouseholdSection Household { get; private set; } = new();
    public EmploymentSection Employment { get; private set; } = new();
    public IseeSection Isee { get; private set; } = new();
    public ServiceSection Service { get; private set; } = new();
    public DeclarationsSection Declarations { get; private set; } = new();

    public List<ApplicationStatusChange> History { get; private set; } = [];
    public List<ApplicationDocument> Documents { get; private set; } = [];

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
    public void UpdateEmployment(EmploymentSection value, DateTimeOffset now) => Edit(now, () => Employment = value);
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

    /// <summary>Freezes the application: from here on the family can only read it or withdraw it.</summary>
    public void Submit(Guid callVersionId, string protocolNumber, Guid submissionKey, DateTimeOffset now)
    {
        EnsureDraft();
        CallVersionId = callVersionId;
        ProtocolNumber = protocolNumber;
        SubmissionKey = submissionKey;
        SubmittedAt = now;
        Move(ApplicationStatus.Submitted, FamilyUserId, now, null);
    }

    /// <summary>Stores the receipt PDF generated at submission and remembers its SHA-256.</summary>
    public ApplicationDocument AttachReceipt(byte[] pdf, DateTimeOffset now)
    {
        if (IsDraft)
        {
            throw new DomainException("La ricevuta si genera solo per una domanda inviata.");
        }

        var name = "ricevuta-" + (ProtocolNumber ?? "").Replace('/', '-');
        var receipt = ApplicationDocument.Create(Id, ApplicationDocument.ReceiptKey, name, UploadKind.Pdf, pdf, now);
        Documents.Add(receipt);
        ReceiptSha256 = receipt.Sha256;
        return receipt;
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

        Move(ApplicationStatus.Withdrawn, byUserId, now, reason);
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

    private void Move(ApplicationStatus to, Guid byUserId, DateTimeOffset now, string? reason)
    {
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
