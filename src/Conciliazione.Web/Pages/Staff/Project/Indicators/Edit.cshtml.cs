using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project.Indicators;

/// <summary>
/// An indicator's definition (name, unit, target such as "&gt;= 2", where its value comes from).
/// Values entered by staff are recorded per half-year, with their evidence, on the Record page.
/// </summary>
public sealed class EditModel(AppDbContext db, AuditLog audit, IValidator<EditModel.InputModel> validator) : PageModel
{
    public sealed class InputModel
    {
        public string Name { get; set; } = "";
        public string Unit { get; set; } = "";
        public string? Target { get; set; }
        public IndicatorSource? Source { get; set; }
        public string? ComputationKey { get; set; }
        public uint Version { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Name).NotEmpty().WithMessage("Inserire il nome dell'indicatore.").MaximumLength(300).WithMessage("Al massimo 300 caratteri.");
            RuleFor(x => x.Unit).NotEmpty().WithMessage("Inserire l'unità di misura (per esempio \"famiglie\").").MaximumLength(100).WithMessage("Al massimo 100 caratteri.");
            RuleFor(x => x.Source).NotNull().WithMessage("Scegliere da dove viene il valore.");
            RuleFor(x => x.ComputationKey).Must(k => k is not null && IndicatorComputations.Labels.ContainsKey(k))
                .When(x => x.Source == IndicatorSource.Computed).WithMessage("Scegliere il calcolo che il portale esegue.");
        }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid ActionId { get; private set; }
    public string ActionCode { get; private set; } = "";
    public bool IsClosed { get; private set; }
    public IndicatorSource CurrentSource { get; private set; }
    public Guid ProjectId { get; private set; }
    public Guid IndicatorId { get; private set; }

    public static IReadOnlyList<SelectListItem> SourceOptions { get; } =
    [
        new("Inserito dagli operatori, con evidenza", nameof(IndicatorSource.Manual)),
        new("Calcolato dal portale", nameof(IndicatorSource.Computed)),
    ];

    public static IReadOnlyList<SelectListItem> ComputationOptions { get; } =
        [new("Nessuno (indicatore inserito dagli operatori)", ""), .. IndicatorComputations.Labels.Select(kv => new SelectListItem(kv.Value, kv.Key))];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var (_, indicator) = await FindAsync(id, ct);
        if (indicator is null)
        {
            return NotFound();
        }

        Input = new InputModel
        {
            Name = indicator.Name,
            Unit = indicator.Unit,
            Target = indicator.TargetText,
            Source = indicator.Source,
            ComputationKey = indicator.ComputationKey,
            Version = indicator.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var (project, indicator) = await FindAsync(id, ct);
        if (project is null || indicator is null)
        {
            return NotFound();
        }

        ModelState.ClearBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
        }

        if (!Indicator.TryParseTarget(Input.Target, out var comparison, out var target, out var targetError))
        {
            ModelState.AddModelError("Input.Target", targetError!);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            db.ExpectVersion(indicator, Input.Version);
            project.ReviseIndicator(indicator.Id, Input.Name, Input.Unit, comparison, target, Input.Source!.Value, Input.ComputationKey);
            audit.Add(AuditActions.IndicatorUpdated, nameof(Indicator), indicator.Id.ToString(), indicator.TargetText);
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

        TempData["Message"] = "Indicatore aggiornato.";
        return RedirectToPage("../Actions/Edit", new { id = ActionId });
    }

    private async Task<(Domain.Projects.Project?, Indicator?)> FindAsync(Guid id, CancellationToken ct)
    {
        var project = await db.FindByIndicatorAsync(id, User.AllianceId(), ct);
        var action = project?.Actions.SingleOrDefault();
        var indicator = action?.Indicators.SingleOrDefault(i => i.Id == id);
        if (project is not null && action is not null && indicator is not null)
        {
            (ActionId, ActionCode, IsClosed) = (action.Id, action.Code, project.IsClosed);
            (CurrentSource, ProjectId, IndicatorId) = (indicator.Source, project.Id, indicator.Id);
        }

        return (project, indicator);
    }
}
