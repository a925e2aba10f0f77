using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Conciliazione.Web.Infrastructure;

public sealed class SmtpOptions
{
    public const string Section = "Portal:Smtp";

    /// <summary>SMTP server; when empty, e-mail goes to the pickup folder instead.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool UseStartTls { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

/// <summary>Sends e-mail through an SMTP server with MailKit (production).</summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> smtp, IOptions<PortalOptions> portal) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(portal.Value.MailFrom));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.TextBody };

        using var client = new SmtpClient();
        var o = smtp.Value;
        await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Portal:Smtp:Host is not set"), o.Port, o.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.UserName))
        {
            await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
        }

        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
