using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project.Actions;

/// <summary>The texts of an action (objectives, target groups, expected results...) and its indicators.</summary>
public sealed class EditModel(AppDbContext db, AuditLog audit, IValidator<EditModel.InputModel> validator, TimeProvider clock, Monitoring.IndicatorBoard board) : PageModel
{
    public sealed class InputModel
    {
        public string Title { get; set; } = "";
        public string? Description { get; set; }
        public string? Modality { get; set; }
        public string? Integration { get; set; }
        public string? Objectives { get; set; }
        public string? TargetGroups { get; set; }
        public string? ExpectedResults { get; set; }
        public uint Version { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Title).NotEmpty().WithMessage("Inserire il titolo dell'azione.").MaximumLength(300).WithMessage("Al massimo 300 caratteri.");
            foreach (var text in new System.Linq.Expressions.Expression<Func<InputModel, string?>>[] { x => x.Description, x => x.Modality, x => x.Integration, x => x.Objectives, x => x.TargetGroups, x => x.ExpectedResults })
            {
                RuleFor(text).MaximumLength(4000).WithMessage("Al massimo 4000 caratteri.");
            }
        }
    }

    public sealed record IndicatorRow(Guid Id, string Name, string Unit, string? Target, IndicatorSource Source, int? Value);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid ProjectId { get; private set; }
    public string ProjectTitle { get; private set; } = "";
    public string Code { get; private set; } = "";
    public bool IsClosed { get; private set; }
    public IReadOnlyList<IndicatorRow> Indicators { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var (project, action) = await FindAsync(id, ct);
        if (project is null || action is null)
        {
            return NotFound();
        }

        Input = new InputModel
        {
            Title = action.Title,
            Description = action.Description,
            Modality = action.Modality,
            Integration = action.Integration,
            Objectives = action.Objectives,
            TargetGroups = action.TargetGroups,
            ExpectedResults = action.ExpectedResults,
            Version = action.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var (project, action) = await FindAsync(id, ct);
        if (project is null || action is null)
        {
            return NotFound();
        }

        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        try
        {
            db.ExpectVersion(action, Input.Version);
            project.ReviseAction(action.Id, new ActionTexts(Input.Title, Input.Description, Input.Modality, Input.Integration, Input.Objectives, Input.TargetGroups, Input.ExpectedResults));
            audit.Add(AuditActions.ActionUpdated, nameof(ProjectAction), action.Id.ToString(), action.Code);
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

        TempData["Message"] = "Azione aggiornata.";
        return RedirectToPage(new { id });
    }

    private async Task<(Domain.Projects.Project?, ProjectAction?)> FindAsync(Guid id, CancellationToken ct)
    {
        var project = await db.FindByActionAsync(id, User.AllianceId(), ct);
        var action = project?.Actions.SingleOrDefault(a => a.Id == id);
        if (project is not null && action is not null)
        {
            (ProjectId, ProjectTitle, Code, IsClosed) = (project.Id, project.Title, action.Code, project.IsClosed);
            // Values to date from the one reader of indicator values: computed ones counted from the
            // records today, staff-entered ones the latest half-year's.
            var today = DateOnly.FromDateTime(RomeTime.ToRome(clock.GetUtcNow()).Date);
            var values = (await board.ForProjectAsync(project.Id, null, today, ct)).ToDictionary(r => r.IndicatorId);
            var rows = action.Indicators.OrderBy(i => i.SortOrder)
                .Select(i => new IndicatorRow(i.Id, i.Name, i.Unit, i.TargetText, i.Source, values.TryGetValue(i.Id, out var r) ? r.Value : null))
                .ToList();
            Indicators = rows;
        }

        return (project, action);
    }
}
