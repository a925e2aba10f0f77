using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Project;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Meetings;

/// <summary>
/// Plans a meeting (without an id) or revises one (title, date, place, agenda). A cancelled meeting
/// cannot be revised; a concurrent change by someone else is refused with <see cref="Concurrency.Message"/>.
/// </summary>
public sealed class EditModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<EditModel.InputModel> validator) : PageModel
{
    public sealed class InputModel
    {
        public Guid? ProjectId { get; set; }
        public string Title { get; set; } = "";
        public DateOnly? PlannedOn { get; set; }
        public string? Place { get; set; }
        public string? Agenda { get; set; }
        public uint Version { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Title).NotEmpty().WithMessage("Inserire il titolo dell'incontro.").MaximumLength(200).WithMessage("Al massimo 200 caratteri.");
            RuleFor(x => x.PlannedOn).NotNull().WithMessage("Inserire una data prevista valida.");
            RuleFor(x => x.Place).MaximumLength(200).WithMessage("Al massimo 200 caratteri.");
            RuleFor(x => x.Agenda).MaximumLength(4000).WithMessage("Al massimo 4000 caratteri.");
        }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid? Id { get; private set; }
    public IReadOnlyList<SelectListItem> Projects { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken ct)
    {
        if (id is { } existing)
        {
            var meeting = await db.FindMeetingAsync(existing, User.AllianceId(), ct);
            if (meeting is null)
            {
                return NotFound();
            }

            Id = meeting.Id;
            Input = new InputModel { ProjectId = meeting.ProjectId, Title = meeting.Title, PlannedOn = meeting.PlannedOn, Place = meeting.Place, Agenda = meeting.Agenda, Version = meeting.Version };
        }

        await LoadProjectsAsync(ct);
        Input.ProjectId ??= Projects.Select(p => Guid.Parse(p.Value)).FirstOrDefault();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        Meeting? meeting = null;
        if (id is { } existing)
        {
            meeting = await db.FindMeetingAsync(existing, allianceId, ct);
            if (meeting is null)
            {
                return NotFound();
            }

            Id = meeting.Id;
        }

        await LoadProjectsAsync(ct);
        ModelState.ClearBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        try
        {
            if (meeting is null)
            {
                var project = await db.OfAlliance(allianceId).FirstOrDefaultAsync(p => p.Id == Input.ProjectId, ct);
                if (project is null)
                {
                    ModelState.AddModelError("Input.ProjectId", "Scegliere un progetto dell'alleanza.");
                    return Page();
                }

                meeting = Meeting.Plan(project, Input.Title, Input.PlannedOn!.Value, Input.Place, Input.Agenda, clock.GetUtcNow(), User.UserId());
                db.Meetings.Add(meeting);
                audit.Add(AuditActions.MeetingPlanned, nameof(Meeting), meeting.Id.ToString());
                TempData["Message"] = "Incontro programmato.";
            }
            else
            {
                db.ExpectVersion(meeting, Input.Version);
                meeting.Revise(Input.Title, Input.PlannedOn!.Value, Input.Place, Input.Agenda);
                db.TouchForConcurrency(meeting);
                audit.Add(AuditActions.MeetingRevised, nameof(Meeting), meeting.Id.ToString());
                TempData["Message"] = "Incontro aggiornato.";
            }

            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            TempData.Remove("Message");
            ModelState.AddModelError("Input", ex.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData.Remove("Message");
            ModelState.AddModelError("Input", Concurrency.Message);
            return Page();
        }

        return Redirect("/Staff/Meetings/" + meeting.Id);
    }

    /// <summary>The alliance's projects that can still change (a closed project takes no new meeting), the most recent first.</summary>
    private async Task LoadProjectsAsync(CancellationToken ct)
    {
        Projects = await db.OfAlliance(User.AllianceId()).AsNoTracking().Where(p => p.Status != ProjectStatus.Closed)
            .OrderByDescending(p => p.StartDate)
            .Select(p => new SelectListItem(p.Title, p.Id.ToString()))
            .ToListAsync(ct);
    }
}
