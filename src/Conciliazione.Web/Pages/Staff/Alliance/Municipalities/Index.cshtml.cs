using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Alliance.Municipalities;

/// <summary>The comuni of the alliance by ambito, and adding one (e.g. when a new ambito joins).</summary>
public sealed class IndexModel(AppDbContext db, AuditLog audit, IValidator<IndexModel.InputModel> validator) : PageModel
{
    public sealed class InputModel
    {
        public string Name { get; set; } = "";
        public string IstatCode { get; set; } = "";
        public Guid? DistrictId { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Name).NotEmpty().WithMessage("Inserire il nome del comune.").MaximumLength(200).WithMessage("Al massimo 200 caratteri.");
            RuleFor(x => x.IstatCode).Matches("^[0-9]{6}$").WithMessage("Il codice ISTAT è di 6 cifre (per esempio 012042).");
            RuleFor(x => x.DistrictId).NotNull().WithMessage("Scegliere l'ambito.");
        }
    }

    public sealed record Row(string District, string Name, string IstatCode);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<SelectListItem> Districts { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        await LoadAsync(ct);
        var validation = await validator.ValidateAsync(Input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, nameof(Input));
            return Page();
        }

        if (!await db.Districts.AnyAsync(d => d.Id == Input.DistrictId && d.AllianceId == allianceId, ct))
        {
            ModelState.AddModelError("Input.DistrictId", "Scegliere uno degli ambiti dell'alleanza.");
            return Page();
        }

        var name = Input.Name.Trim();
        if (await db.Municipalities.AnyAsync(m => m.AllianceId == allianceId && EF.Functions.ILike(m.Name, Like.Literal(name), "\\"), ct))
        {
            ModelState.AddModelError("Input.Name", "Questo comune fa già parte dell'alleanza.");
            return Page();
        }

        if (await db.Municipalities.AnyAsync(m => m.AllianceId == allianceId && m.IstatCode == Input.IstatCode, ct))
        {
            ModelState.AddModelError("Input.IstatCode", "Un altro comune dell'alleanza ha già questo codice ISTAT.");
            return Page();
        }

        var municipality = new Municipality { Id = Guid.NewGuid(), AllianceId = allianceId!.Value, DistrictId = Input.DistrictId!.Value, Name = name, IstatCode = Input.IstatCode };
        db.Municipalities.Add(municipality);
        audit.Add(AuditActions.MunicipalityCreated, nameof(Municipality), municipality.Id.ToString(), municipality.IstatCode);
        await db.SaveChangesAsync(ct);
        Message = "Comune aggiunto.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var allianceId = User.AllianceId();
        Rows = await db.Municipalities.AsNoTracking().Where(m => m.AllianceId == allianceId)
            .OrderBy(m => m.District!.Name).ThenBy(m => m.Name)
            .Select(m => new Row(m.District!.Name, m.Name, m.IstatCode)).ToListAsync(ct);
        Districts = [new SelectListItem("Scegli l'ambito", ""), .. await db.Districts.AsNoTracking().Where(d => d.AllianceId == allianceId).OrderBy(d => d.Name)
            .Select(d => new SelectListItem(d.Name, d.Id.ToString())).ToListAsync(ct)];
    }
}
