using System.Globalization;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Notifications;
using Conciliazione.Web.Identity;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Notifications;
using Conciliazione.Web.Privacy;
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
    FamilyDataExport export,
    TimeProvider clock,
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

    /// <summary>
    /// "Scarica i tuoi dati": the ZIP of everything the portal holds on this family (ADR 0138), built on
    /// request for the signed-in family only (no id in the request), audited with counts only, at most
    /// <see cref="FamilyDataExport.ExportsPerDay"/> a day and a few at once per instance.
    /// </summary>
    public async Task<IActionResult> OnPostExportAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        if (userId is not { } id)
        {
            return NotFound();
        }

        var since = clock.GetUtcNow().AddDays(-1);
        var recent = await db.AuditEvents.AsNoTracking()
            .CountAsync(e => e.ActorId == id && e.Action == AuditActions.FamilyDataExported && e.OccurredAt >= since, ct);
        if (recent >= FamilyDataExport.ExportsPerDay)
        {
            ExportRefused = "Hai già scaricato i tuoi dati più volte nelle ultime 24 ore: riprova domani.";
            await RefillAsync(ct);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        if (!await FamilyDataExport.Concurrent.WaitAsync(TimeSpan.FromSeconds(5), ct))
        {
            ExportRefused = "In questo momento il portale sta preparando molti archivi: riprova tra qualche minuto.";
            await RefillAsync(ct);
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        // A temporary file deleted when the response is sent: memory stays flat whatever the documents weigh.
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var counts = await export.WriteAsync(id, file, ct);
            file.Position = 0;
            await audit.WriteAsync(AuditActions.FamilyDataExported, "User", id.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"applications={counts.Applications};files={counts.Files};messages={counts.Messages}"), ct: ct);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        finally
        {
            FamilyDataExport.Concurrent.Release();
        }

        return File(file, "application/zip", export.FileName());
    }

    private async Task RefillAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } profile)
        {
            Input = new InputModel { ContactEmail = profile.ContactEmail ?? "", Phone = profile.Phone ?? "" };
            EmailLanguage = profile.EmailLanguage;
        }
    }

    /// <summary>Why the export was refused (too many, too busy); shown in the data section.</summary>
    public string? ExportRefused { get; private set; }

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
