using Conciliazione.Domain.Data;
using Conciliazione.Domain.Identity;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Admin.Users;

/// <summary>What an admin sets on a local account: name, role and, for referents, the municipality.</summary>
public sealed class UserForm
{
    public string DisplayName { get; set; } = "";
    public string Email { get; set; } = "";
    public string Role { get; set; } = Roles.Staff;
    public Guid? MunicipalityId { get; set; }

    public static IReadOnlyList<SelectListItem> RoleOptions { get; } =
        Roles.LocalAccountRoles.Select(r => new SelectListItem(RoleLabels.Italian(r), r)).ToList();

    public static async Task<IReadOnlyList<SelectListItem>> MunicipalityOptionsAsync(AppDbContext db, Guid? allianceId, CancellationToken ct) =>
        await db.Municipalities.AsNoTracking()
            .Where(m => m.AllianceId == allianceId)
            .OrderBy(m => m.Name)
            .Select(m => new SelectListItem(m.Name, m.Id.ToString()))
            .ToListAsync(ct);

    public sealed class Validator : AbstractValidator<UserForm>
    {
        public Validator()
        {
            RuleFor(x => x.DisplayName).NotEmpty().WithMessage("Inserire nome e cognome.")
                .MaximumLength(200).WithMessage("Al massimo 200 caratteri.");
            RuleFor(x => x.Email).NotEmpty().WithMessage("Inserire l'indirizzo e-mail.")
                .EmailAddress().WithMessage("L'indirizzo e-mail non è valido.")
                .MaximumLength(256).WithMessage("Al massimo 256 caratteri.");
            RuleFor(x => x.Role).Must(r => Roles.LocalAccountRoles.Contains(r)).WithMessage("Scegliere un ruolo.");
            RuleFor(x => x.MunicipalityId).NotNull().When(x => x.Role == Roles.MunicipalReferent)
                .WithMessage("Un referente comunale deve essere associato a un comune.");
        }
    }
}
