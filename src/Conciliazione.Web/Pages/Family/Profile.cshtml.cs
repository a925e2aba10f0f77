using System.Globalization;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Identity;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family;

/// <summary>
/// The family's profile: identity data from SPID/CIE, read-only, and the contacts the family
/// chooses (contact e-mail, verified by an e-mailed link, and phone).
/// </summary>
public sealed class ProfileModel(
    AppDbContext db,
    AuditLog audit,
    IEmailSender email,
    ContactEmailLinks links,
    PublicLinks publicLinks,
    IValidator<ProfileModel.InputModel> validator) : PageModel
{
    private static readonly CultureInfo Italian = CultureInfo.GetCultureInfo("it-IT");

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IdentityData Identity { get; private set; } = new("", "", "", null, null);

    public string? ContactEmail { get; private set; }

    public bool ContactEmailVerified { get; private set; }

    /// <summary>"it" or "en": the language of the portal's e-mails to this family.</summary>
    [BindProperty]
    public string EmailLanguage { get; set; } = "it";

    public IReadOnlyList<MessageRow> Messages { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var profile = await LoadAsync(ct);
        if (profile is null)
        {
            return NotFound();
        }

        Input = new InputModel { ContactEmail = profile.ContactEmail ?? "", Phone = profile.Phone ?? "" };
        EmailLanguage = profile.EmailLanguage;
        return Page();
    }

    /// <summary>Chooses the language of the e-mails (messages already written keep theirs).</summary>
    public async Task<IActionResult> OnPostLanguageAsync(CancellationToken ct)
    {
        var profile = await LoadAsync(ct);
        if (profile is null)
        {
            return NotFound();
        }

        if (EmailLanguage is not ("it" or "en"))
        {
            ModelState.AddModelError(nameof(EmailLanguage), "Scegli la lingua delle e-mail.");
            return Page();
        }

        profile.ChangeEmailLanguage(EmailLanguage);
        audit.Add(AuditActions.FamilyContactsChanged, "User", profile.UserId.ToString());
        await db.SaveChangesAsync(ct);
        Message = "Lingua delle e-mail salvata.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var profile = await LoadAsync(ct);
        if (profile is null)
        {
            return NotFound();
        }

        EmailLanguage = profile.EmailLanguage;
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        // A new address gets a link; saving an address still unconfirmed sends a fresh one.
        var sendLink = profile.ChangeContacts(Input.ContactEmail, Input.Phone)
            || profile is { ContactEmail: not null, IsContactEmailVerified: false };
        audit.Add(AuditActions.FamilyContactsChanged, "User", profile.UserId.ToString());
        if (sendLink)
        {
            audit.Add(AuditActions.ContactEmailVerificationSent, "User", profile.UserId.ToString());
        }

        await db.SaveChangesAsync(ct);
        if (sendLink)
        {
            var token = links.CreateToken(profile.UserId, profile.ContactEmail!);
            var link = publicLinks.Page("/Account/ConfirmContactEmail", new { token });
            await email.SendAsync(new EmailMessage(
                profile.ContactEmail!,
                "Conferma il tuo indirizzo e-mail di contatto",
                $"Buongiorno {profile.GivenName},\r\n\r\nper confermare questo indirizzo come contatto sul portale Conciliazione apri questo collegamento entro 48 ore:\r\n{link}\r\n\r\nSe non hai indicato tu questo indirizzo, ignora il messaggio.\r\n"), ct);
            Message = "Dati salvati. Ti abbiamo inviato un messaggio: apri il collegamento che contiene per confermare l'indirizzo e-mail.";
        }
        else
        {
            Message = "Dati salvati.";
        }

        return RedirectToPage();
    }

    private async Task<FamilyProfile?> LoadAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        var profile = await db.FamilyProfiles.FirstOrDefaultAsync(p => p.UserId == userId, ct);
        var fiscalCode = await db.Users.Where(u => u.Id == userId).Select(u => u.FiscalCode).FirstOrDefaultAsync(ct);
        if (profile is null)
        {
            return null;
        }

        Identity = new IdentityData(
            profile.GivenName,
            profile.FamilyName,
            fiscalCode ?? "",
            profile.BirthDate?.ToString("dd/MM/yyyy", Italian),
            profile.IdentityEmail);
        ContactEmail = profile.ContactEmail;
        ContactEmailVerified = profile.IsContactEmailVerified;
        // Only this family's own messages, newest first.
        Messages = (await db.Notifications.AsNoTracking()
                .Where(n => n.FamilyUserId == userId)
                .OrderByDescending(n => n.CreatedAt)
                .Take(50)
                .Select(n => new { n.Kind, n.Subject, n.CreatedAt, n.SentAt, n.Status })
                .ToListAsync(ct))
            .Select(n => new MessageRow(n.Subject ?? NotificationTemplates.Title(n.Kind), n.SentAt ?? n.CreatedAt, StatusLabel(n.Status)))
            .ToList();
        return profile;
    }

    private static string StatusLabel(NotificationStatus status) => status switch
    {
        NotificationStatus.Sent => "inviata",
        NotificationStatus.Failed => "non inviata",
        NotificationStatus.PortalOnly => "solo nel portale (nessuna e-mail confermata)",
        _ => "in attesa",
    };

    public sealed record MessageRow(string Subject, DateTimeOffset At, string Status);

    public sealed record IdentityData(string GivenName, string FamilyName, string FiscalCode, string? BirthDate, string? Email);

    public sealed class InputModel
    {
        public string ContactEmail { get; set; } = "";
        public string Phone { get; set; } = "";
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.ContactEmail).MaximumLength(254).WithMessage("L'indirizzo e-mail è troppo lungo.")
                .EmailAddress().WithMessage("L'indirizzo e-mail non è valido.")
                .When(x => !string.IsNullOrWhiteSpace(x.ContactEmail));
            RuleFor(x => x.Phone).Matches(@"^\+?[0-9][0-9 ./-]{5,24}$").WithMessage("Il numero di telefono non è valido: usa solo cifre, spazi e il prefisso internazionale (+39).")
                .When(x => !string.IsNullOrWhiteSpace(x.Phone));
        }
    }
}
