using Conciliazione.Domain;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Grants;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Pages.Staff.Calls;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Grants;

/// <summary>
/// One ledger from plan to grant (issue 13): for each project of the alliance, the voucher money
/// of the plan (category D plus the recorded reallocations into it) >= the sum of its calls'
/// budgets >= the sum of each call's grants, with what is free at each level; and the form that
/// moves free money from one call to another of the same project
/// (<see cref="GrantsWork.MoveBudgetAsync"/>, under the project and call locks), which keeps every
/// level true and funds the destination's reserve list at once.
/// </summary>
public sealed class LedgerModel(AppDbContext db, GrantsWork work, IValidator<LedgerModel.InputModel> validator) : PageModel
{
    public sealed class InputModel
    {
        public Guid? FromCallId { get; set; }
        public Guid? ToCallId { get; set; }
        public string Amount { get; set; } = "";
        public string Reason { get; set; } = "";
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.FromCallId).NotNull().WithMessage("Scegliere il bando da cui prendere i fondi.");
            RuleFor(x => x.ToCallId).NotNull().WithMessage("Scegliere il bando che riceve i fondi.")
                .NotEqual(x => x.FromCallId).When(x => x.FromCallId is not null).WithMessage("Scegliere un bando diverso da quello di partenza.");
            RuleFor(x => x.Amount).Custom((text, ctx) =>
            {
                if (!Money.TryParse(text, out var amount, out var error))
                {
                    ctx.AddFailure(error!);
                }
                else if (amount <= 0m)
                {
                    ctx.AddFailure("L'importo da spostare deve essere maggiore di zero.");
                }
            });
            RuleFor(x => x.Reason).NotEmpty().WithMessage("Indicare il motivo dello spostamento.")
                .MaximumLength(1000).WithMessage("Al massimo 1000 caratteri.");
        }
    }

    public sealed record CallRow(Guid Id, string Reference, string Title, CallStatus Status, decimal Budget, decimal Committed)
    {
        public decimal Free => Budget - Committed;
    }

    public sealed record ProjectRow(Guid Id, string Title, bool IsClosed, VoucherBudget Voucher, IReadOnlyList<CallRow> Calls)
    {
        public decimal CallBudgets => Calls.Sum(c => c.Budget);
        public decimal Committed => Calls.Sum(c => c.Committed);
        public decimal FreeInCalls => Calls.Sum(c => c.Free);

        /// <summary>Plan >= calls >= grants, at every level.</summary>
        public bool Holds => Voucher.Available >= CallBudgets && Calls.All(c => c.Committed <= c.Budget);
    }

    public sealed record MoveRow(DateTimeOffset At, string From, string To, decimal Amount, string Reason, string? By);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<ProjectRow> Projects { get; private set; } = [];
    public IReadOnlyList<MoveRow> Moves { get; private set; } = [];
    public IReadOnlyList<SelectListItem> CallOptions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        if (allianceId is null)
        {
            return NotFound();
        }

        ModelState.ReplaceBindingErrors();
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid || !ModelState.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            await LoadAsync(ct);
            return Page();
        }

        Money.TryParse(Input.Amount, out var amount, out _);
        var error = await work.MoveBudgetAsync(allianceId.Value, Input.FromCallId!.Value, Input.ToCallId!.Value, amount, Input.Reason, User.UserId() ?? Guid.Empty, ct);
        if (error is not null)
        {
            ModelState.AddModelError(error.StartsWith("Il bando di partenza ha liberi", StringComparison.Ordinal) ? "Input.Amount" : "", error);
            await LoadAsync(ct);
            return Page();
        }

        TempData["Message"] = $"Spostati {Format.Money(amount)} tra i bandi. Se il bando che li riceve ha una lista d'attesa, le prime domande sono già state finanziate.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        var projects = await db.Projects.AsNoTracking().Where(p => p.AllianceId == allianceId)
            .OrderByDescending(p => p.StartDate).Select(p => new { p.Id, p.Title, p.Status }).ToListAsync(ct);
        var calls = await db.Calls.AsNoTracking().Where(c => c.AllianceId == allianceId)
            .OrderBy(c => c.ReferenceNumber)
            .Select(c => new { c.ProjectId, Row = new CallRow(c.Id, c.ReferenceNumber, c.Title, c.Status, c.Budget, c.Committed) }).ToListAsync(ct);
        var rows = new List<ProjectRow>();
        foreach (var p in projects)
        {
            rows.Add(new ProjectRow(p.Id, p.Title, p.Status == ProjectStatus.Closed, await db.ReadAsync(p.Id, null, ct),
                calls.Where(c => c.ProjectId == p.Id).Select(c => c.Row).ToList()));
        }

        Projects = rows;
        CallOptions =
        [
            new SelectListItem("Scegli il bando", ""),
            .. rows.Where(p => !p.IsClosed).SelectMany(p => p.Calls.Where(c => c.Status != CallStatus.Concluded)
                .Select(c => new SelectListItem($"{c.Reference} - {c.Title} (liberi {Format.Money(c.Free)})", c.Id.ToString()))),
        ];
        var names = calls.ToDictionary(c => c.Row.Id, c => c.Row.Reference);
        var moves = await db.CallReallocations.AsNoTracking().Where(r => r.AllianceId == allianceId)
            .OrderByDescending(r => r.RecordedAt).Take(200)
            .Select(r => new { r.RecordedAt, r.FromCallId, r.ToCallId, r.Amount, r.Reason, By = db.Users.Where(u => u.Id == r.RecordedBy).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        Moves = moves.Select(m => new MoveRow(m.RecordedAt, names.GetValueOrDefault(m.FromCallId, "-"), names.GetValueOrDefault(m.ToCallId, "-"), m.Amount, m.Reason, m.By)).ToList();
    }
}
