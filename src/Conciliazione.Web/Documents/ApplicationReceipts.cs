using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Pages.Family.Applications;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Documents;

/// <summary>
/// Renders and stores an application's receipt PDF, off the request path: the outbox job for the
/// "submitted" notification calls it before sending the e-mail that carries the PDF.
/// </summary>
/// <remarks>
/// Idempotent: an existing receipt is returned as it is. Only the job that claimed the
/// notification calls it, so two servers never render the same receipt at once.
/// </remarks>
public sealed class ApplicationReceipts(AppDbContext db, ICallCatalog calls, RazorDocumentRenderer documents, IPdfRenderer pdf, TimeProvider clock)
{
    public async Task<(string FileName, byte[] Bytes)> EnsureAsync(Guid applicationId, CancellationToken ct)
    {
        var application = await db.Applications.Include(a => a.Documents).SingleAsync(a => a.Id == applicationId, ct);
        var existing = application.Documents.FirstOrDefault(d => d.RequirementKey == ApplicationDocument.ReceiptKey);
        if (existing is not null)
        {
            var bytes = await db.ApplicationDocumentContents.Where(c => c.DocumentId == existing.Id).Select(c => c.Bytes).SingleAsync(ct);
            return (existing.FileName, bytes);
        }

        var call = await calls.FindAsync(application.CallId, ct)
            ?? throw new InvalidOperationException("Call of application " + applicationId + " not found");
        var html = await documents.RenderAsync("~/Documents/Views/ApplicationReceipt.cshtml", await ReceiptContent.BuildAsync(db, application, call, ct));
        var rendered = await pdf.RenderAsync(html, new PdfMetadata("Ricevuta domanda " + application.ProtocolNumber, call.Reference + " - " + call.Title), ct);
        var receipt = application.AttachReceipt(rendered, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return (receipt.FileName, rendered);
    }
}
