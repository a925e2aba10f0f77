using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>
/// Records a justified reallocation into the voucher budget (category D) of a project, and lists the
/// earlier ones. Only what the source category has left can move; the check and the save run under
/// the project-row lock the calls and the budget plan take (ADR 0010).
/// </summary>
public sealed class ReallocateModel(AppDbContext db, AuditLog audit, TimeProvider clock, IValidator<ReallocateModel.InputModel> validator) : PageModel
{
    public sealed class InputModel
    {
        public string Amount { get; set; } = "";
        public CostCategory? FromCategory { get; set; }
        public string Reason { get; set; } = "";
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Amount).Custom((text, ctx) =>
            {
                if (!Money.TryParse(text, out var amount, out var error))
                {
                    ctx.AddFailure(error!);
                }
                else if (amount <= 0)
                {
                    ctx.AddFailure("L'importo riallocato deve essere maggiore di zero.");
                }
            });
            RuleFor(x => x.FromCategory).NotNull().WithMessage("Indicare da quale altra voce di costo proviene la somma.")
                .NotEqual(CostCategory.Vouchers).WithMessage("Indicare da quale altra voce di costo proviene la somma.");
            RuleFor(x => x.Reason).NotEmpty().WithMessage("Indicare il motivo della riallocazione.")
                .MaximumLength(2000).WithMessage("Al massimo 2000 caratteri.");
        }
    }

    public sealed record Row(decimal Amount, CostCategory From, string Reason, DateTimeOffset At, string? By);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid ProjectId { get; private set; }
    public string ProjectTitle { get; private set; } = "";
    public VoucherBudget Budget { get; private set; } = new(0, 0, 0);

    /// <summary>Every cost category with what moved in and out and what is left to move.</summary>
    public IReadOnlyList<CategoryBalance> Balances { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public static IReadOnlyList<SelectListItem> CategoryOptions { get; } =
        [new("Scegli la voce", ""), .. CostCategories.All.Where(c => c != CostCategory.Vouchers).Select(c => new SelectListItem(CostCategories.Label(c), c.ToString()))];

    public async Task<IActionResult> OnGetAsync(Guid projectId, CancellationToken ct)
    {
        var project = await FindAsync(projectId, ct);
        return project is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid projectId, CancellationToken ct)
    {
        var project = await FindAsync(projectId, ct);
        if (project is null)
        {
            return NotFound();
        }

        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid || !ModelState.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        Money.TryParse(Input.Amount, out var amount, out _);
        try
        {
            VoucherReallocation? reallocation = null;
            await db.ChangeProjectBudgetAsync(project.Id, commitments =>
            {
                // Checked against what the source category has left, read under the project-row lock.
                reallocation ??= VoucherReallocation.Record(project, amount, Input.FromCategory!.Value, Input.Reason, clock.GetUtcNow(), User.UserId(), commitments);
                if (db.Entry(reallocation).State == EntityState.Detached)
                {
                    db.VoucherReallocations.Add(reallocation);
                    audit.Add(AuditActions.VoucherReallocated, nameof(VoucherReallocation), reallocation.Id.ToString(), amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }, ct);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("Input.Amount", ex.Message);
            return Page();
        }

        TempData["Message"] = "Riallocazione registrata: " + Format.Money(amount) + " in più per i voucher.";
        return RedirectToPage("./Index");
    }

    private async Task<Domain.Projects.Project?> FindAsync(Guid projectId, CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var project = await db.Projects.Include(p => p.BudgetLines).FirstOrDefaultAsync(p => p.Id == projectId && p.AllianceId == allianceId, ct);
        if (project is not null)
        {
            (ProjectId, ProjectTitle) = (project.Id, project.Title);
            Budget = await db.ReadAsync(project.Id, null, ct);
            Balances = project.Balances(await db.CommitmentsAsync(project.Id, ct));
            Rows = await db.VoucherReallocations.AsNoTracking().Where(r => r.ProjectId == project.Id).OrderByDescending(r => r.RecordedAt)
                .Select(r => new Row(r.Amount, r.FromCategory, r.Reason, r.RecordedAt, db.Users.Where(u => u.Id == r.RecordedBy).Select(u => u.DisplayName).FirstOrDefault()))
                .ToListAsync(ct);
        }

        return project;
    }
}
