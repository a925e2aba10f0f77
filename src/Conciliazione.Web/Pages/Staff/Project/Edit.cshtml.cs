using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project;

/// <summary>Title, programme, aims and period of a project. A closed project refuses the change.</summary>
public sealed class EditModel(AppDbContext db, AuditLog audit, IValidator<EditModel.InputModel> validator) : PageModel
{
    public sealed class InputModel
    {
        public string Title { get; set; } = "";
        public string Programme { get; set; } = "";
        public string? Aims { get; set; }
        public DateOnly? StartDate { get; set; }
        public DateOnly? EndDate { get; set; }
        public uint Version { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Title).NotEmpty().WithMessage("Inserire il titolo del progetto.").MaximumLength(300).WithMessage("Al massimo 300 caratteri.");
            RuleFor(x => x.Programme).NotEmpty().WithMessage("Inserire il programma che finanzia il progetto.").MaximumLength(300).WithMessage("Al massimo 300 caratteri.");
            RuleFor(x => x.Aims).MaximumLength(8000).WithMessage("Al massimo 8000 caratteri.");
            RuleFor(x => x.StartDate).NotNull().WithMessage("Inserire una data di inizio valida.");
            RuleFor(x => x.EndDate).NotNull().WithMessage("Inserire una data di fine valida.");
            RuleFor(x => x.EndDate).GreaterThanOrEqualTo(x => x.StartDate)
                .When(x => x.StartDate is not null && x.EndDate is not null)
                .WithMessage("La data di fine non può precedere la data di inizio.");
        }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid Id { get; private set; }
    public bool IsClosed { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var project = await FindAsync(id, ct);
        if (project is null)
        {
            return NotFound();
        }

        Input = new InputModel
        {
            Title = project.Title,
            Programme = project.Programme,
            Aims = project.Aims,
            StartDate = project.StartDate,
            EndDate = project.EndDate,
            Version = project.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var project = await FindAsync(id, ct);
        if (project is null)
        {
            return NotFound();
        }

        ModelState.ClearBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        try
        {
            db.ExpectVersion(project, Input.Version);
            project.Revise(Input.Title, Input.Programme, Input.Aims, Input.StartDate!.Value, Input.EndDate!.Value);
            audit.Add(AuditActions.ProjectUpdated, nameof(Project), project.Id.ToString());
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

        TempData["Message"] = "Progetto aggiornato.";
        return RedirectToPage("./Overview", new { id });
    }

    private async Task<Domain.Projects.Project?> FindAsync(Guid id, CancellationToken ct)
    {
        var project = await db.OfAlliance(User.AllianceId()).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is not null)
        {
            Id = project.Id;
            IsClosed = project.IsClosed;
        }

        return project;
    }
}
