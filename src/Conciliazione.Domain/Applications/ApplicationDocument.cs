using System.Security.Cryptography;

namespace Conciliazione.Domain.Applications;

/// <summary>
/// A document uploaded with an application (or the receipt the portal generated). The bytes live in
/// PostgreSQL in their own table (<see cref="ApplicationDocumentContent"/>), never under wwwroot, and
/// are served only to the owning family and to staff of the alliance.
/// </summary>
public class ApplicationDocument
{
    public const string ReceiptKey = "ricevuta";

    /// <summary>The key of a decision letter (esito istruttoria) the portal generated.</summary>
    public const string DecisionKey = "esito";

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }

    /// <summary>Which of the call's required documents this is (its key), or <see cref="ReceiptKey"/>.</summary>
    public string RequirementKey { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public UploadKind Kind { get; private set; }
    public long SizeBytes { get; private set; }
    public string Sha256 { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>The document request (integrazione) this file answers, if any.</summary>
    public Guid? DocumentRequestId { get; private set; }
    public ApplicationDocumentContent? Content { get; private set; }

    private ApplicationDocument()
    {
    }

    public static ApplicationDocument Create(Guid applicationId, string requirementKey, string originalName, UploadKind kind, byte[] bytes, DateTimeOffset now, Guid? documentRequestId = null)
    {
        if (bytes.LongLength > FileSignature.MaxBytes)
        {
            throw new DomainException("Il file supera i 10 MB consentiti.");
        }

        if (FileSignature.Detect(bytes) != kind)
        {
            throw new DomainException("Il contenuto del file non corrisponde a un PDF, JPEG o PNG.");
        }

        var id = Guid.NewGuid();
        return new ApplicationDocument
        {
            Id = id,
            ApplicationId = applicationId,
            RequirementKey = requirementKey,
            FileName = FileSignature.SafeFileName(originalName, kind),
            Kind = kind,
            SizeBytes = bytes.LongLength,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            UploadedAt = now,
            DocumentRequestId = documentRequestId,
            Content = new ApplicationDocumentContent { DocumentId = id, Bytes = bytes },
        };
    }
}

/// <summary>The bytes of a document, in a separate table so lists never load them.</summary>
public class ApplicationDocumentContent
{
    public Guid DocumentId { get; set; }
    public byte[] Bytes { get; set; } = [];
}
