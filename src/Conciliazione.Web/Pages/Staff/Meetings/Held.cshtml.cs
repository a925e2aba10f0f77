using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Meetings;

/// <summary>
/// Records that a meeting took place: the date (not in the future, Rome) and the attendance from
/// the sign-in sheet, one row per partner of the alliance (present or not, the referent's name as
/// written) plus, one per line, people who attended for no partner. Posting again corrects it.
/// </summary>
public sealed class HeldModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<HeldModel.InputModel> validator) : PageModel
{
    public sealed class PartnerRow
    {
        public Guid PartnerId { get; set; }
        public bool Present { get; set; }
        public string? ReferentName { get; set; }
    }

    public sealed class InputModel
    {
        public DateOnly? HeldOn { get; set; }
        public List<PartnerRow> Rows { get; set; } = [];

        /// <summary>People attending for no partner (e.g. the ATS), one per line.</summary>
        public string? Others { get; set; }

        public uint Version { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.HeldOn).NotNull().WithMessage("Inserire una data valida in cui si è tenuto l'incontro.");
            RuleForEach(x => x.Rows).ChildRules(row =>
            {
                row.RuleFor(r => r.ReferentName).NotEmpty().When(r => r.Present)
                    .WithMessage("Indicare il nome del referente presente, come scritto sul foglio firme.");
                row.RuleFor(r => r.ReferentName).MaximumLength(200).WithMessage("Al massimo 200 caratteri.");
            });
            RuleFor(x => x.Others).Must(o => OtherNames(o).All(n => n.Length <= 200)).WithMessage("Al massimo 200 caratteri per nome.");
        }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";

    /// <summary>Partner names by id, in the order the form lists them.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Partners { get; private set; } = [];

    public static IEnumerable<string> OtherNames(string? others) =>
        (others ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var meeting = await LoadAsync(id, ct);
        if (meeting is null)
        {
            return NotFound();
        }

        Input = new InputModel
        {
            HeldOn = meeting.HeldOn ?? (meeting.PlannedOn <= clock.TodayInRome() ? meeting.PlannedOn : null),
            Rows = Partners.Select(p => meeting.Attendees.FirstOrDefault(a => a.PartnerId == p.Id) is { } a
                ? new PartnerRow { PartnerId = p.Id, Present = a.Present, ReferentName = a.ReferentName }
                : new PartnerRow { PartnerId = p.Id }).ToList(),
            Others = string.Join('\n', meeting.Attendees.Where(a => a.PartnerId is null).Select(a => a.ReferentName)),
            Version = meeting.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var meeting = await LoadAsync(id, ct);
        if (meeting is null)
        {
            return NotFound();
        }

        // The rows follow the alliance's partners, whatever was posted: a forged id is dropped, a missing partner is absent.
        var posted = Input.Rows.Where(r => Partners.Any(p => p.Id == r.PartnerId)).DistinctBy(r => r.PartnerId).ToDictionary(r => r.PartnerId);
        Input.Rows = Partners.Select(p => posted.TryGetValue(p.Id, out var r) ? r : new PartnerRow { PartnerId = p.Id }).ToList();
        ModelState.ClearBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        var attendees = Input.Rows.Select(r => new MeetingAttendee { PartnerId = r.PartnerId, Present = r.Present, ReferentName = r.ReferentName })
            .Concat(OtherNames(Input.Others).Select(n => new MeetingAttendee { PartnerId = null, Present = true, ReferentName = n }));
        try
        {
            db.ExpectVersion(meeting, Input.Version);
            meeting.RecordHeld(Input.HeldOn!.Value, attendees, clock.TodayInRome());
            db.TouchForConcurrency(meeting);
            audit.Add(AuditActions.MeetingHeld, nameof(Meeting), meeting.Id.ToString(), Input.Rows.Count(r => r.Present).ToString(System.Globalization.CultureInfo.InvariantCulture) + " partner presenti");
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input", ex.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("Input", Concurrency.Message);
            return Page();
        }

        TempData["Message"] = "Incontro registrato come svolto, con le presenze.";
        return Redirect("/Staff/Meetings/" + id);
    }

    private async Task<Meeting?> LoadAsync(Guid id, CancellationToken ct)
    {
        var meeting = await db.FindMeetingAsync(id, User.AllianceId(), ct);
        if (meeting is not null)
        {
            (Id, Title) = (meeting.Id, meeting.Title);
            Partners = (await db.Partners.AsNoTracking().Where(p => p.AllianceId == meeting.AllianceId).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
                .OrderBy(p => p.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("it-IT"), true))
                .Select(p => (p.Id, p.Name)).ToList();
        }

        return meeting;
    }
}
