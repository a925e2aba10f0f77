using System.Net;
using System.Net.Sockets;
using System.Text;
using Conciliazione.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Conciliazione.Web.Tests.Plumbing;

/// <summary>The production sender speaks real SMTP (MailKit) to a server; here a minimal one on loopback.</summary>
public sealed class SmtpEmailSenderTests
{
    [Fact]
    public async Task Send_DeliversTheMessageOverSmtp()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(() => ReceiveOneAsync(listener));
        var sender = new SmtpEmailSender(
            Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, UseStartTls = false }),
            Options.Create(new PortalOptions { MailFrom = "noreply@conciliazione.example.org" }));

        await sender.SendAsync(new EmailMessage("maria.rossi@example.org", "Domanda inviata", "Protocollo 2026/000001"), TestContext.Current.CancellationToken);

        var (envelope, data) = await server;
        listener.Stop();
        Assert.Contains("MAIL FROM:<noreply@conciliazione.example.org>", envelope, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("RCPT TO:<maria.rossi@example.org>", envelope, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Subject: Domanda inviata", data, StringComparison.Ordinal);
        Assert.Contains("Protocollo 2026/000001", data, StringComparison.Ordinal);
    }

    /// <summary>Just enough of RFC 5321 for one message: greeting, EHLO, MAIL, RCPT, DATA, QUIT.</summary>
    private static async Task<(string Envelope, string Data)> ReceiveOneAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        var envelope = new StringBuilder();
        var data = new StringBuilder();
        await writer.WriteLineAsync("220 test ESMTP");
        while (await reader.ReadLineAsync() is { } line)
        {
            envelope.AppendLine(line);
            if (line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase) || line.StartsWith("HELO", StringComparison.OrdinalIgnoreCase))
            {
                await writer.WriteLineAsync("250 test");
            }
            else if (line.StartsWith("DATA", StringComparison.OrdinalIgnoreCase))
            {
                await writer.WriteLineAsync("354 go ahead");
                while (await reader.ReadLineAsync() is { } body && body != ".")
                {
                    data.AppendLine(body);
                }

                await writer.WriteLineAsync("250 queued");
            }
            else if (line.StartsWith("QUIT", StringComparison.OrdinalIgnoreCase))
            {
                await writer.WriteLineAsync("221 bye");
                break;
            }
            else
            {
                await writer.WriteLineAsync("250 ok");
            }
        }

        return (envelope.ToString(), data.ToString());
    }
}
