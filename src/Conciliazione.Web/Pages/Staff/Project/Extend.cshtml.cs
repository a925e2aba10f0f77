using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project;

/// <summary>Records a proroga and shows every previous end date.</summary>
public sealed class ExtendModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<ExtendModel.InputModel> validator) : PageModel
{
    public sealed class InputModel
    {
        public DateOnly? NewEndDate { get; set; }
        public string Reason { get; set; } = "";
        public uint Version { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.NewEndDate).NotNull().WithMessage("Inserire una nuova data di fine valida.");
            RuleFor(x => x.Reason).NotEmpty().WithMessage("Indicare il motivo o l'atto della proroga.").MaximumLength(1000).WithMessage("Al massimo 1000 caratteri.");
        }
    }

    public sealed record HistoryRow(DateOnly PreviousEnd, DateOnly NewEnd, string Reason, DateTimeOffset RecordedAt);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public DateOnly StartDate { get; private set; }
    public DateOnly EndDate { get; private set; }
    public DateOnly OriginalEndDate { get; private set; }
    public bool IsClosed { get; private set; }
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var project = await FindAsync(id, ct);
        if (project is null)
        {
            return NotFound();
        }

        Input = new InputModel { Version = project.Version };
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
            var extension = project.Extend(Input.NewEndDate!.Value, Input.Reason, clock.GetUtcNow(), User.UserId());
            audit.Add(AuditActions.ProjectExtended, nameof(Project), project.Id.ToString(), extension.NewEndDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input.NewEndDate", ex.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("Input", Concurrency.Message);
            return Page();
        }

        TempData["Message"] = "Proroga registrata.";
        return RedirectToPage(new { id });
    }

    private async Task<Domain.Projects.Project?> FindAsync(Guid id, CancellationToken ct)
    {
        var project = await db.OfAlliance(User.AllianceId()).Include(p => p.Extensions).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is not null)
        {
            (Id, Title, StartDate, EndDate, OriginalEndDate, IsClosed) = (project.Id, project.Title, project.StartDate, project.EndDate, project.OriginalEndDate, project.IsClosed);
            History = project.Extensions.OrderBy(e => e.RecordedAt).Select(e => new HistoryRow(e.PreviousEndDate, e.NewEndDate, e.Reason, e.RecordedAt)).ToList();
        }

        return project;
    }
}
