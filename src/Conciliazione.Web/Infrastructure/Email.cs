using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Conciliazione.Web.Infrastructure;

public sealed record EmailMessage(string To, string Subject, string TextBody)
{
    /// <summary>Optional HTML alternative of <see cref="TextBody"/> (multipart/alternative).</summary>
    public string? HtmlBody { get; init; }

    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>The message as MIME: plain text, HTML alternative and attachments (8-bit text, readable links).</summary>
    public MimeMessage ToMime(string from)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(MailboxAddress.Parse(To));
        mime.Subject = Subject;
        var body = new BodyBuilder();
        body.TextBody = TextBody;
        body.HtmlBody = HtmlBody;
        foreach (var a in Attachments)
        {
            body.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
        }

        mime.Body = body.ToMessageBody();
        foreach (var part in mime.BodyParts.OfType<TextPart>())
        {
            part.ContentTransferEncoding = ContentEncoding.EightBit;
        }

        return mime;
    }
}

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>The boundary to outgoing e-mail.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);

    /// <summary>Sends and returns the server's answer, recorded on the outbox row.</summary>
    async Task<string> SendWithAnswerAsync(EmailMessage message, CancellationToken ct = default)
    {
        await SendAsync(message, ct);
        return "accepted";
    }
}

/// <summary>
/// Development and test sink: every message becomes an .eml file in the pickup folder
/// (README: "Dove finiscono le e-mail"). Production uses SMTP (a later issue).
/// </summary>
public sealed class PickupDirectoryEmailSender(IOptions<PortalOptions> options, IHostEnvironment env, TimeProvider clock) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default) => await SendWithAnswerAsync(message, ct);

    public async Task<string> SendWithAnswerAsync(EmailMessage message, CancellationToken ct = default)
    {
        var dir = Path.Combine(env.ContentRootPath, options.Value.MailPickupDirectory);
        Directory.CreateDirectory(dir);
        var now = clock.GetUtcNow();
        var name = string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml");
        if (message.HtmlBody is not null || message.Attachments.Count > 0)
        {
            // A real multipart message, CRLF line ends, as an SMTP server would receive it.
            var mime = message.ToMime(options.Value.MailFrom);
            mime.Date = now;
            var format = FormatOptions.Default.Clone();
            format.NewLineFormat = NewLineFormat.Dos;
            await using var file = File.Create(Path.Combine(dir, name));
            await mime.WriteToAsync(format, file, ct);
            return "pickup " + name;
        }

        var eml = new StringBuilder()
            .Append("From: ").Append(options.Value.MailFrom).Append("\r\n")
            .Append("To: ").Append(message.To).Append("\r\n")
            .Append("Subject: ").Append(message.Subject).Append("\r\n")
            .Append("Date: ").Append(now.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n\r\n")
            .Append(message.TextBody);
        await File.WriteAllTextAsync(Path.Combine(dir, name), eml.ToString(), Encoding.UTF8, ct);
        return "pickup " + name;
    }
}
