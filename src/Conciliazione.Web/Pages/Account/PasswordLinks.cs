using System.Text;
using Conciliazione.Domain.Identity;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Conciliazione.Web.Pages.Account;

/// <summary>
/// Builds and mails a set-password link. The URL holds only the account's pseudonymous id and a
/// one-hour token, never the e-mail address.
/// </summary>
internal static class PasswordLinks
{
    public static async Task SendResetAsync(
        UserManager<ApplicationUser> users, IEmailSender email, ApplicationUser user,
        PublicLinks links, bool invitation, CancellationToken ct)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var link = links.Page("/Account/ResetPassword", new { userId = user.Id, code });
        var (subject, body) = invitation
            ? ("Invito al portale Conciliazione",
               $"Buongiorno {user.DisplayName},\r\n\r\nè stato creato per lei un account sul portale Conciliazione.\r\nPer scegliere la password apra questo collegamento entro un'ora:\r\n{link}\r\n\r\nAl primo accesso le sarà chiesto di attivare la verifica in due passaggi con un'app di autenticazione.\r\n")
            : ("Reimpostazione della password",
               $"Buongiorno {user.DisplayName},\r\n\r\nper scegliere una nuova password apra questo collegamento entro un'ora:\r\n{link}\r\n\r\nSe non ha chiesto lei la reimpostazione, ignori questo messaggio.\r\n");
        await email.SendAsync(new EmailMessage(user.Email!, subject, body), ct);
    }
}
