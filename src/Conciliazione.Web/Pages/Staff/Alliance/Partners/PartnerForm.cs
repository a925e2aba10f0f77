using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Alliance.Partners;

/// <summary>Name and tipologia of a partner, shared by Create and Edit.</summary>
public sealed class PartnerForm
{
    public const string DuplicateMessage = "Esiste già un ente partner con questo nome nell'alleanza.";

    public string Name { get; set; } = "";
    public PartnerType? Type { get; set; }
    public uint Version { get; set; }

    public static IReadOnlyList<SelectListItem> TypeOptions { get; } =
        [new SelectListItem("Scegli la tipologia", ""), .. Enum.GetValues<PartnerType>().Select(t => new SelectListItem(PartnerTypes.Italian(t), t.ToString()))];

    /// <summary>Same name ignoring case and spaces at the ends: "Comune di Marnate" and "comune di marnate " are one partner.</summary>
    public static Task<bool> IsDuplicateAsync(AppDbContext db, Guid allianceId, string name, Guid? except, CancellationToken ct)
    {
        var pattern = Like.Literal(name.Trim());
        return db.Partners.AnyAsync(p => p.AllianceId == allianceId && EF.Functions.ILike(p.Name, pattern, "\\") && p.Id != except, ct);
    }

    public sealed class Validator : AbstractValidator<PartnerForm>
    {
        public Validator()
        {
            RuleFor(x => x.Name).NotEmpty().WithMessage("Inserire il nome dell'ente.")
                .MaximumLength(300).WithMessage("Al massimo 300 caratteri.");
            RuleFor(x => x.Type).NotNull().WithMessage("Scegliere la tipologia dell'ente.")
                .IsInEnum().WithMessage("Scegliere la tipologia dell'ente.");
        }
    }
}
