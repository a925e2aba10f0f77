using System.Text.RegularExpressions;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>Reads the .eml files the portal's pickup sender wrote during a test.</summary>
public sealed partial class Mailbox(string directory)
{
    public IReadOnlyList<string> MessagesTo(string address) =>
        !Directory.Exists(directory)
            ? []
            : Directory.GetFiles(directory, "*.eml")
                .Order(StringComparer.Ordinal)
                .Select(File.ReadAllText)
                .Where(m => m.Contains("To: " + address + "\r\n", StringComparison.OrdinalIgnoreCase))
                .ToList();

    /// <summary>The first link to the portal in the latest message to <paramref name="address"/>.</summary>
    public string LatestLinkTo(string address)
    {
        var message = MessagesTo(address).LastOrDefault() ?? throw new InvalidOperationException("No e-mail to " + address);
        return LinkPattern().Match(message).Value;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
