using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Vouchers;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Privacy;

/// <summary>
/// "Scarica i tuoi dati" (GDPR art. 15 and 20): one ZIP with <c>dati.json</c> (the identity as the
/// portal holds it, the contacts, every application with its answers, history, documents, requests,
/// decisions, grant, voucher, receipts, payouts and recoveries, and the messages sent to the family)
/// and the files that belong to it (uploaded documents, application receipts, decision letters, receipt
/// files, voucher PDFs rendered as the voucher page renders them). ADR 0138.
/// </summary>
/// <remarks>
/// Every query is keyed by the signed-in family's user id, never by an id the request carries, so no
/// other family's row can enter the file. Staff are named by their role, never by name; internal review
/// notes and checklist ticks are left out (ADR 0138). The ZIP is written to a temporary file that is
/// deleted when the response is sent, so a family with many documents does not hold memory; the page
/// bounds how often a family may build it (<see cref="ExportsPerDay"/>) and how many are built at once
/// (<see cref="Concurrent"/>).
/// </remarks>
public sealed class FamilyDataExport(AppDbContext db, VoucherDocuments voucherPdf, ReceiptWork work, TimeProvider clock)
{
    /// <summary>How many exports a family may download in 24 hours (counted on the audit rows, so across instances).</summary>
    public const int ExportsPerDay = 5;

    /// <summary>At most this many exports are built at once on one instance: the rest are asked to retry.</summary>
    public static readonly SemaphoreSlim Concurrent = new(2, 2);

    public const string JsonEntry = "dati.json";

    private const string Family = "famiglia";
    private const string Staff = "ente capofila";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The attachment's name: the date only, nothing personal.</summary>
    public string FileName() => "conciliazione-dati-personali-" + DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + ".zip";

    /// <summary>Writes the ZIP of <paramref name="userId"/>'s data to <paramref name="output"/>; returns the counts for the audit row.</summary>
    public async Task<ExportCounts> WriteAsync(Guid userId, Stream output, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.FiscalCode, u.CreatedAt, u.Email }).SingleAsync(ct);
        var profile = await db.FamilyProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, ct);
        var applications = await db.Applications.AsNoTracking().AsSplitQuery()
            .Where(a => a.FamilyUserId == userId)
            .Include(a => a.History).Include(a => a.Documents).Include(a => a.DocumentRequests).Include(a => a.Decisions)
            .OrderBy(a => a.CreatedAt)
            .ToListAsync(ct);
        var applicationIds = applications.Select(a => a.Id).ToList();
        var callIds = applications.Select(a => a.CallId).Distinct().ToList();
        var calls = await db.Calls.AsNoTracking().Where(c => callIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => new { c.ReferenceNumber, c.Title }, ct);
        var municipalityIds = applications.Select(a => a.ResidenceMunicipalityId).OfType<Guid>().Distinct().ToList();
        var municipalities = await db.Municipalities.AsNoTracking().Where(m => municipalityIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var grants = await db.Grants.AsNoTracking().Where(g => applicationIds.Contains(g.ApplicationId)).ToListAsync(ct);
        var vouchers = await db.Vouchers.AsNoTracking().Where(v => applicationIds.Contains(v.ApplicationId)).ToListAsync(ct);
        var receipts = await db.Receipts.AsNoTracking().Include(r => r.Files).Where(r => applicationIds.Contains(r.ApplicationId)).OrderBy(r => r.SubmittedAt).ToListAsync(ct);
        var payouts = await (from l in db.PayoutLines.AsNoTracking()
                             join b in db.PayoutBatches.AsNoTracking() on l.BatchId equals b.Id
                             where applicationIds.Contains(l.ApplicationId)
                             select new { l.ApplicationId, l.VoucherId, b.Number, BatchStatus = b.Status, b.ValueDate, l.PayeeName, l.PayeeIban, l.Gross, l.Netted, l.Amount, l.PeriodFrom, l.PeriodTo, l.Remittance }).ToListAsync(ct);
        var recoveries = await db.Recoveries.AsNoTracking().Where(r => applicationIds.Contains(r.ApplicationId))
            .Select(r => new { r.ApplicationId, r.Amount, r.Reason, r.RecordedAt, r.Recovered, r.SettledAt }).ToListAsync(ct);
        var notifications = await db.Notifications.AsNoTracking().Where(n => n.FamilyUserId == userId).OrderBy(n => n.CreatedAt)
            .Select(n => new { n.Kind, n.Subject, n.ToAddress, n.Language, n.Status, n.CreatedAt, n.SentAt, n.TextBody }).ToListAsync(ct);

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var files = 0;
        var exported = new List<object>();
        for (var i = 0; i < applications.Count; i++)
        {
            var a = applications[i];
            var folder = $"domanda-{i + 1:D2}";
            var contents = await db.ApplicationDocumentContents.AsNoTracking()
                .Where(c => a.Documents.Select(d => d.Id).Contains(c.DocumentId))
                .ToDictionaryAsync(c => c.DocumentId, c => c.Bytes, ct);
            var documents = new List<object>();
            foreach (var d in a.Documents.OrderBy(d => d.UploadedAt))
            {
                string? path = null;
                if (contents.TryGetValue(d.Id, out var bytes) && bytes.Length > 0)
                {
                    path = $"{folder}/documenti/{Safe(d.RequirementKey)}-{d.Id.ToString("N")[..8]}.{Extension(d.Kind)}";
                    await AddAsync(zip, path, bytes, ct);
                    files++;
                }

                documents.Add(new { d.RequirementKey, Kind = DocumentKind(d.RequirementKey), d.FileName, d.SizeBytes, d.Sha256, d.UploadedAt, File = path });
            }

            var voucher = vouchers.SingleOrDefault(v => v.ApplicationId == a.Id);
            string? voucherPath = null;
            if (voucher is not null && await db.FactsAsync(voucher.Id, userId, work.Today, ct) is { } facts)
            {
                var (_, pdf) = await voucherPdf.RenderAsync(facts, work.Today, ct);
                voucherPath = $"{folder}/voucher.pdf";
                await AddAsync(zip, voucherPath, pdf, ct);
                files++;
            }

            var receiptRows = new List<object>();
            foreach (var r in receipts.Where(r => r.ApplicationId == a.Id))
            {
                var receiptFiles = new List<object>();
                foreach (var f in r.Files.Where(f => f.Content.Length > 0))
                {
                    var path = $"{folder}/giustificativi/{Safe(r.Number)}-{f.Kind}-{f.Id.ToString("N")[..8]}.{Extension(f.ContentKind)}";
                    await AddAsync(zip, path, f.Content, ct);
                    files++;
                    receiptFiles.Add(new { f.Kind, f.FileName, f.SizeBytes, f.Sha256, File = path });
                }

                receiptRows.Add(new
                {
                    r.Number,
                    r.IssuedOn,
                    r.PeriodFrom,
                    r.PeriodTo,
                    r.ParentName,
                    r.ChildFiscalCode,
                    r.ProviderName,
                    r.Amount,
                    r.Method,
                    r.PaidOn,
                    r.Status,
                    r.EligibleAmount,
                    r.RejectionReason,
                    r.SubmittedAt,
                    r.ReviewedAt,
                    Files = receiptFiles,
                });
            }

            var call = calls.GetValueOrDefault(a.CallId);
            exported.Add(new
            {
                a.ProtocolNumber,
                Call = call is null ? null : new { Reference = call.ReferenceNumber, call.Title },
                a.Status,
                StatusLabel = ApplicationStatuses.Italian(a.Status),
                a.CreatedAt,
                a.UpdatedAt,
                a.SubmittedAt,
                a.ErasedAt,
                a.Applicant,
                a.Household,
                a.Employment,
                ResidenceMunicipality = a.ResidenceMunicipalityId is { } m ? municipalities.GetValueOrDefault(m) : null,
                a.Isee,
                a.Service,
                a.Declarations,
                History = a.History.OrderBy(h => h.At).Select(h => new { h.From, h.To, By = h.ByUserId == userId ? Family : Staff, h.At, h.Reason }),
                Documents = documents,
                DocumentRequests = a.DocumentRequests.OrderBy(r => r.RequestedAt).Select(r => new
                {
                    Items = r.Items.Select(x => x.Label),
                    r.Message,
                    r.RequestedAt,
                    r.DueAt,
                    r.Status,
                    r.AnsweredAt,
                    r.AnswerNote,
                    r.ClosedAt,
                }),
                Decisions = a.Decisions.OrderBy(d => d.DecidedAt).Select(d => new { d.Outcome, d.Reasons, d.Note, d.DecidedAt, d.ReopenedAt, d.ReopenReason }),
                Grant = grants.Where(g => g.ApplicationId == a.Id).Select(g => new { g.Amount, g.Requested, g.Position, g.Source, g.Status, g.GrantedAt, g.ReleasedAt, g.Paid }).SingleOrDefault(),
                Voucher = voucher is null ? null : new
                {
                    voucher.Code,
                    voucher.Cap,
                    voucher.Claimed,
                    voucher.Paid,
                    voucher.ServiceType,
                    voucher.ProviderName,
                    voucher.ValidFrom,
                    voucher.ValidTo,
                    voucher.ReceiptsUntil,
                    voucher.Payee,
                    voucher.PayeeIban,
                    voucher.PayeeHolder,
                    voucher.PayeeDeclaredAt,
                    Status = voucher.StatusOn(work.Today),
                    voucher.IssuedAt,
                    voucher.RevokedAt,
                    File = voucherPath,
                },
                Receipts = receiptRows,
                Payouts = payouts.Where(p => p.ApplicationId == a.Id).Select(p => new { Batch = p.Number, p.BatchStatus, p.ValueDate, p.PayeeName, p.PayeeIban, p.Gross, p.Netted, p.Amount, p.PeriodFrom, p.PeriodTo, p.Remittance }),
                Recoveries = recoveries.Where(r => r.ApplicationId == a.Id).Select(r => new { r.Amount, r.Reason, r.RecordedAt, r.Recovered, r.SettledAt }),
            });
        }

        var data = new
        {
            GeneratedAt = clock.GetUtcNow(),
            About = "I dati personali che il portale Conciliazione conserva su di te (art. 15 e 20 del Regolamento UE 2016/679). "
                + "Gli operatori dell'ente capofila sono indicati con il ruolo, non con il nome. Non sono incluse le note interne di lavoro degli istruttori e la lista di controllo dell'istruttoria: per riceverle scrivi al responsabile della protezione dei dati dell'ente capofila.",
            Identity = new
            {
                FiscalCode = user.FiscalCode,
                GivenName = profile?.GivenName,
                FamilyName = profile?.FamilyName,
                BirthDate = profile?.BirthDate,
                IdentityEmail = profile?.IdentityEmail,
                IdentityUpdatedAt = profile?.IdentityUpdatedAt,
                AccountCreatedAt = user.CreatedAt,
            },
            Contacts = new
            {
                ContactEmail = profile?.ContactEmail,
                ContactEmailVerifiedAt = profile?.ContactEmailVerifiedAt,
                Phone = profile?.Phone,
                EmailLanguage = profile?.EmailLanguage,
            },
            Consents = applications.Select(a => new { a.ProtocolNumber, a.Declarations.PrivacyNoticeAccepted, a.Declarations.AcceptedDeclarations }),
            Applications = exported,
            Messages = notifications,
        };
        var entry = zip.CreateEntry(JsonEntry, CompressionLevel.Optimal);
        await using (var stream = await entry.OpenAsync(ct))
        {
            await JsonSerializer.SerializeAsync(stream, data, Json, ct);
        }

        return new ExportCounts(applications.Count, files, notifications.Count);
    }

    private static async Task AddAsync(ZipArchive zip, string path, byte[] bytes, CancellationToken ct)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(ct);
        await stream.WriteAsync(bytes, ct);
    }

    private static string DocumentKind(string requirementKey) => requirementKey switch
    {
        ApplicationDocument.ReceiptKey => "ricevuta della domanda",
        ApplicationDocument.DecisionKey => "lettera di esito",
        _ => "documento caricato",
    };

    private static string Extension(UploadKind kind) => kind switch
    {
        UploadKind.Jpeg => "jpg",
        UploadKind.Png => "png",
        _ => "pdf",
    };

    /// <summary>Letters, digits and dashes only: entry names never climb out of their folder.</summary>
    private static string Safe(string text)
    {
        var safe = new string([.. text.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return safe.Length == 0 ? "file" : safe[..Math.Min(safe.Length, 40)];
    }
}

/// <summary>What an export held: counts only, for the audit row.</summary>
public sealed record ExportCounts(int Applications, int Files, int Messages);
