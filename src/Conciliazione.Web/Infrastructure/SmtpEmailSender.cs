using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

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
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default) => await SendWithAnswerAsync(message, ct);

    /// <returns>The server's answer to the message (e.g. "2.0.0 Ok: queued as ..."), kept on the outbox row.</returns>
    public async Task<string> SendWithAnswerAsync(EmailMessage message, CancellationToken ct = default)
    {
        var mime = message.ToMime(portal.Value.MailFrom);

        using var client = new SmtpClient();
        var o = smtp.Value;
        await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Portal:Smtp:Host is not set"), o.Port, o.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.UserName))
        {
            await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
        }

        var answer = await client.SendAsync(mime, ct);
        await client.DisconnectAsync(quit: true, ct);
        return answer;
    }
}
