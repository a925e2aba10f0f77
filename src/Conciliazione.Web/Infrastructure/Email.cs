using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace Conciliazione.Web.Infrastructure;

public sealed record EmailMessage(string To, string Subject, string TextBody);

/// <summary>The boundary to outgoing e-mail.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}

/// <summary>
/// Development and test sink: every message becomes an .eml file in the pickup folder
/// (README: "Dove finiscono le e-mail"). Production uses SMTP (a later issue).
/// </summary>
public sealed class PickupDirectoryEmailSender(IOptions<PortalOptions> options, IHostEnvironment env, TimeProvider clock) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        var dir = Path.Combine(env.ContentRootPath, options.Value.MailPickupDirectory);
        Directory.CreateDirectory(dir);
        var now = clock.GetUtcNow();
        var name = string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.eml");
        var eml = new StringBuilder()
            .Append("From: ").Append(options.Value.MailFrom).Append("\r\n")
            .Append("To: ").Append(message.To).Append("\r\n")
            .Append("Subject: ").Append(message.Subject).Append("\r\n")
            .Append("Date: ").Append(now.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n\r\n")
            .Append(message.TextBody);
        await File.WriteAllTextAsync(Path.Combine(dir, name), eml.ToString(), Encoding.UTF8, ct);
    }
}
