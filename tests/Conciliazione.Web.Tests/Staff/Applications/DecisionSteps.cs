using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Conciliazione.Web.Tests.Staff.Applications;

/// <summary>Steps of the review decisions: a family's submitted application, a reviewer, the decide form, the letter.</summary>
public static class DecisionSteps
{
    /// <summary>A staff account of the Castellanza alliance, signed in with TOTP, with the given display name.</summary>
    public static async Task<(PortalClient Client, TestAccount Account)> ReviewerAsync(PortalFactory factory, string name = "Anna Verdi", Guid? allianceId = null)
    {
        var account = await TestAccounts.CreateAsync(factory, Roles.Staff, allianceId: allianceId);
        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, name)));
        var client = factory.CreatePortalClient();
        await client.LoginAsync(account);
        return (client, account);
    }

    /// <summary>"Prendi in carico" through the domain (the queue's button is another page's work).</summary>
    public static Task TakeInChargeAsync(PortalFactory factory, Guid applicationId, Guid reviewerId) =>
        factory.WithDbAsync(async db =>
        {
            var application = await db.Applications.SingleAsync(a => a.Id == applicationId);
            application.TakeInCharge(reviewerId, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });

    public static Task<IHtmlDocument> DecidePageAsync(PortalClient staff, Guid id) => staff.GetDocumentAsync($"/Staff/Applications/Decide/{id}");

    /// <summary>Posts the decide form read in <paramref name="page"/> (or read now) with the outcome, one reason template and a note.</summary>
    public static async Task<HttpResponseMessage> DecideAsync(PortalClient staff, Guid id, DecisionOutcome? outcome, string? reason = null, string? note = null, IHtmlDocument? page = null)
    {
        page ??= await DecidePageAsync(staff, id);
        var values = new Dictionary<string, string>();
        if (outcome is { } o)
        {
            values["Input.Outcome"] = o.ToString();
        }

        if (reason is not null)
        {
            values["Input.Reasons"] = reason;
        }

        if (note is not null)
        {
            values["Input.Note"] = note;
        }

        return await staff.SubmitAsync(page, values, "main form[data-testid=decide-form]");
    }

    public static async Task<HttpResponseMessage> ReopenAsync(PortalClient staff, Guid id, string reason)
    {
        var page = await staff.GetDocumentAsync($"/Staff/Applications/Reopen/{id}");
        return await staff.SubmitAsync(page, new Dictionary<string, string> { ["Input.Reason"] = reason }, "main form[data-testid=reopen-form]");
    }

    /// <summary>The family reloads its application until the decision letter is offered (the job renders it), at most 60 s.</summary>
    public static async Task<IHtmlDocument> WaitForLetterAsync(PortalClient family, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await family.GetDocumentAsync($"/Family/Applications/Details/{id}");
            if (page.QuerySelector("[data-testid=outcome-letter]") is not null)
            {
                return page;
            }

            Assert.True(DateTime.UtcNow < deadline, "The decision letter never became ready: " + page.Text("[data-testid=outcome]"));
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits (at most 60 s) for an e-mail to <paramref name="address"/> containing <paramref name="text"/>.</summary>
    public static async Task<string> WaitForMailWithAsync(PortalFactory factory, string address, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (factory.Mailbox.MessagesTo(address).FirstOrDefault(m => m.Contains(text, StringComparison.Ordinal)) is { } mail)
            {
                return mail;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No e-mail to {address} with {text}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public static string PdfText(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        return string.Join(' ', pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    public static Task<int> AuditCountAsync(PortalFactory factory, Guid id, string action) =>
        factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.EntityType == "Application" && e.EntityId == id.ToString() && e.Action == action));
}
