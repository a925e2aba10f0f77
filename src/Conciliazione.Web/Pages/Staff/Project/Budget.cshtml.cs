using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Project;

/// <summary>
/// The budget plan of a project: declared funding, cost categories, co-financing per partner.
/// Any change withdraws the approval; the overview then shows whether the plan still reconciles.
/// Saved under the project-row lock the calls take (ADR 0010): category D never goes below what
/// the calls hold, nor a category below what was reallocated out of it.
/// </summary>
/// <remarks>
/// Amounts are bound as text and read by <see cref="Money.TryParse"/>: the it-IT model binder
/// would read "10.123" as ten thousand one hundred twenty-three; here it is refused as having
/// three decimals.
/// </remarks>
public sealed class BudgetModel(AppDbContext db, AuditLog audit) : PageModel
{
    public sealed class LineInput
    {
        public CostCategory Category { get; set; }
        public string Amount { get; set; } = "";
    }

    public sealed class PartnerInput
    {
        public Guid PartnerId { get; set; }
        public string Cash { get; set; } = "";
        public string InKind { get; set; } = "";
    }

    public sealed class InputModel
    {
        public string TotalCost { get; set; } = "";
        public string RegionalContribution { get; set; } = "";
        public string Cofinancing { get; set; } = "";
        public string Cash { get; set; } = "";
        public string InKind { get; set; } = "";
        public List<LineInput> Lines { get; set; } = [];
        public List<PartnerInput> Partners { get; set; } = [];
        public uint Version { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public bool IsClosed { get; private set; }
    public IReadOnlyDictionary<Guid, string> PartnerNames { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var project = await FindAsync(id, ct);
        if (project is null)
        {
            return NotFound();
        }

        Input = new InputModel
        {
            TotalCost = Money.ToInput(project.DeclaredTotalCost),
            RegionalContribution = Money.ToInput(project.RegionalContribution),
            Cofinancing = Money.ToInput(project.DeclaredCofinancing),
            Cash = Money.ToInput(project.DeclaredCashCofinancing),
            InKind = Money.ToInput(project.DeclaredInKindCofinancing),
            Lines = CostCategories.All.Select(c => new LineInput
            {
                Category = c,
                Amount = project.BudgetLines.FirstOrDefault(l => l.Category == c) is { } line ? Money.ToInput(line.Amount) : "",
            }).ToList(),
            Partners = PartnerNames.Keys.Select(pid => project.Cofinancings.FirstOrDefault(c => c.PartnerId == pid) is { } row
                ? new PartnerInput { PartnerId = pid, Cash = Money.ToInput(row.Cash), InKind = Money.ToInput(row.InKind) }
                : new PartnerInput { PartnerId = pid, Cash = "0,00", InKind = "0,00" }).ToList(),
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
        if (project.IsClosed)
        {
            // Say first what matters: nothing on this form can be saved any more.
            ModelState.AddModelError("Input", Domain.Projects.Project.ClosedMessage);
            return Page();
        }

        var total = Read(Input.TotalCost, "Input.TotalCost", "Costo complessivo");
        var contribution = Read(Input.RegionalContribution, "Input.RegionalContribution", "Contributo regionale");
        var cofinancing = Read(Input.Cofinancing, "Input.Cofinancing", "Cofinanziamento dell'alleanza");
        var cash = Read(Input.Cash, "Input.Cash", "Cofinanziamento monetario");
        var inKind = Read(Input.InKind, "Input.InKind", "Cofinanziamento valorizzazioni");
        var lines = new List<(CostCategory Category, decimal Amount)>();
        for (var i = 0; i < Input.Lines.Count; i++)
        {
            var line = Input.Lines[i];
            if (!Enum.IsDefined(line.Category))
            {
                return BadRequest();
            }

            lines.Add((line.Category, Read(line.Amount, $"Input.Lines[{i}].Amount", CostCategories.Label(line.Category))));
        }

        var partners = new List<(Guid, decimal, decimal)>();
        for (var i = 0; i < Input.Partners.Count; i++)
        {
            var row = Input.Partners[i];
            if (!PartnerNames.TryGetValue(row.PartnerId, out var name))
            {
                // Only the alliance's own partners can co-finance its project.
                return NotFound();
            }

            partners.Add((row.PartnerId,
                Read(Blank(row.Cash), $"Input.Partners[{i}].Cash", name + ", monetario"),
                Read(Blank(row.InKind), $"Input.Partners[{i}].InKind", name + ", valorizzazioni")));
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            db.ExpectVersion(project, Input.Version);
            var audited = false;
            await db.ChangeProjectBudgetAsync(project.Id, commitments =>
            {
                project.SetFunding(total, contribution, cofinancing, cash, inKind);
                for (var i = 0; i < lines.Count; i++)
                {
                    try
                    {
                        project.SetBudgetLine(lines[i].Category, lines[i].Amount, commitments);
                    }
                    catch (DomainException ex)
                    {
                        // The figures belong to the line the user typed: say it on that field.
                        ModelState.AddModelError($"Input.Lines[{i}].Amount", ex.Message);
                    }
                }

                if (!ModelState.IsValid)
                {
                    throw new DomainException("Il piano dei costi non è stato salvato: correggere le voci indicate.");
                }

                foreach (var (partnerId, partnerCash, partnerInKind) in partners)
                {
                    project.SetCofinancing(partnerId, partnerCash, partnerInKind);
                }

                if (!audited)
                {
                    audit.Add(AuditActions.BudgetUpdated, nameof(Project), project.Id.ToString(),
                        string.Create(CultureInfo.InvariantCulture, $"total={total:0.00};contribution={contribution:0.00};cofinancing={cofinancing:0.00}"));
                    audited = true;
                }
            }, ct);
        }
        catch (DomainException ex)
        {
            if (ModelState.IsValid)
            {
                ModelState.AddModelError("Input", ex.Message);
            }

            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("Input", Concurrency.Message);
            return Page();
        }

        TempData["Message"] = "Piano dei costi salvato.";
        return RedirectToPage("./Overview", new { id });
    }

    private static string Blank(string text) => string.IsNullOrWhiteSpace(text) ? "0" : text;

    private decimal Read(string text, string key, string label)
    {
        if (Money.TryParse(text, out var amount, out var error))
        {
            return amount;
        }

        ModelState.AddModelError(key, label + ": " + error);
        return 0;
    }

    private async Task<Domain.Projects.Project?> FindAsync(Guid id, CancellationToken ct)
    {
        var project = await db.FindWithBudgetAsync(id, User.AllianceId(), ct);
        if (project is not null)
        {
            (Id, Title, IsClosed) = (project.Id, project.Title, project.IsClosed);
            PartnerNames = (await db.Partners.AsNoTracking().Where(p => p.AllianceId == project.AllianceId)
                .OrderByDescending(p => p.IsLeadPartner).ThenBy(p => p.Name)
                .Select(p => new { p.Id, p.Name }).ToListAsync(ct))
                .ToDictionary(p => p.Id, p => p.Name);
        }

        return project;
    }
}
