using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Providers;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Staff.Providers;

/// <summary>A provider's fields, shared by Create and Edit; the checks are the domain's (<see cref="Provider.Problems"/>).</summary>
public sealed class ProviderForm
{
    public const string DuplicateMessage = "Esiste già un ente erogatore con questo codice fiscale nell'alleanza.";

    public string LegalName { get; set; } = "";
    public string? VatNumber { get; set; }
    public string TaxCode { get; set; } = "";
    public string Address { get; set; } = "";
    public string PostalCode { get; set; } = "";
    public string Municipality { get; set; } = "";
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }
    public List<ServiceType> ServiceTypes { get; set; } = [];
    public Guid? PartnerId { get; set; }

    /// <summary>The account for reimbursements paid to the provider directly (calls whose payee is the provider); both empty for none.</summary>
    public string? Iban { get; set; }

    public string? IbanHolder { get; set; }
    public uint Version { get; set; }

    public static ProviderForm From(Provider p) => new()
    {
        LegalName = p.LegalName,
        VatNumber = p.VatNumber,
        TaxCode = p.TaxCode,
        Address = p.Address,
        PostalCode = p.PostalCode,
        Municipality = p.Municipality,
        Email = p.Email,
        Phone = p.Phone,
        Website = p.Website,
        ServiceTypes = p.ServiceTypes.ToList(),
        PartnerId = p.PartnerId,
        Iban = p.Iban is { } iban ? Domain.Vouchers.Iban.Format(iban) : null,
        IbanHolder = p.IbanHolder,
        Version = p.Version,
    };

    /// <summary>Whether the form changes the provider's bank account (compared normalized, so spacing alone is no change).</summary>
    public bool ChangesBankAccount(Provider p) =>
        !string.Equals(string.IsNullOrWhiteSpace(Iban) ? null : Domain.Vouchers.Iban.Normalize(Iban), p.Iban, StringComparison.Ordinal)
        || !string.Equals(string.IsNullOrWhiteSpace(IbanHolder) ? null : IbanHolder.Trim(), p.IbanHolder, StringComparison.Ordinal);

    public ProviderDetails ToDetails() => new(LegalName ?? "", VatNumber, TaxCode ?? "", Address ?? "", PostalCode?.Trim() ?? "", Municipality ?? "", Email, Phone, Website, ServiceTypes, PartnerId);

    public static async Task<IReadOnlyList<SelectListItem>> PartnerOptionsAsync(AppDbContext db, Guid? allianceId, CancellationToken ct) =>
        [new SelectListItem("Nessuno: l'ente non è partner dell'alleanza", ""), .. await db.Partners.AsNoTracking().Where(p => p.AllianceId == allianceId).OrderBy(p => p.Name)
            .Select(p => new SelectListItem(p.Name, p.Id.ToString())).ToListAsync(ct)];

    public static Task<bool> IsDuplicateAsync(AppDbContext db, Guid allianceId, string taxCode, Guid? except, CancellationToken ct)
    {
        var normalized = ProviderTaxCode.Normalize(taxCode);
        return db.Providers.AnyAsync(p => p.AllianceId == allianceId && p.TaxCode == normalized && p.Id != except, ct);
    }

    public sealed class Validator : AbstractValidator<ProviderForm>
    {
        public Validator()
        {
            RuleFor(x => x).Custom((form, ctx) =>
            {
                foreach (var (field, message) in Provider.Problems(form.ToDetails()))
                {
                    ctx.AddFailure(field, message);
                }
            });
            RuleFor(x => x).Custom((form, ctx) =>
            {
                if (string.IsNullOrWhiteSpace(form.Iban) && string.IsNullOrWhiteSpace(form.IbanHolder))
                {
                    return;
                }

                if (Domain.Vouchers.Iban.Check(form.Iban) is { } problem)
                {
                    ctx.AddFailure(nameof(Iban), problem);
                }

                if (string.IsNullOrWhiteSpace(form.IbanHolder))
                {
                    ctx.AddFailure(nameof(IbanHolder), "Indicare l'intestatario del conto.");
                }
            });
            RuleFor(x => x.IbanHolder).MaximumLength(70).WithMessage("Al massimo 70 caratteri.");
            RuleFor(x => x.Iban).MaximumLength(50).WithMessage("Al massimo 50 caratteri.");
            RuleFor(x => x.LegalName).MaximumLength(300).WithMessage("Al massimo 300 caratteri.");
            RuleFor(x => x.Address).MaximumLength(300).WithMessage("Al massimo 300 caratteri.");
            RuleFor(x => x.Municipality).MaximumLength(100).WithMessage("Al massimo 100 caratteri.");
            RuleFor(x => x.Email).MaximumLength(256).WithMessage("Al massimo 256 caratteri.");
            RuleFor(x => x.Phone).MaximumLength(40).WithMessage("Al massimo 40 caratteri.");
            RuleFor(x => x.Website).MaximumLength(300).WithMessage("Al massimo 300 caratteri.");
        }
    }
}

/// <summary>An agreement's fields, for adding one (on the provider page) and editing it.</summary>
public sealed class AgreementForm
{
    public AgreementKind? Kind { get; set; }
    public string Number { get; set; } = "";
    public DateOnly? SignedOn { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public List<Guid> ActionIds { get; set; } = [];
    public AgreementStatus Status { get; set; } = AgreementStatus.Active;

    public static IReadOnlyList<SelectListItem> KindOptions { get; } =
        [new("Scegli", ""), new("Convenzione", nameof(AgreementKind.Convenzione)), new("Accreditamento", nameof(AgreementKind.Accreditamento))];

    public static IReadOnlyList<SelectListItem> StatusOptions { get; } =
        Enum.GetValues<AgreementStatus>().Select(s => new SelectListItem(Agreement.StatusItalian(s), s.ToString())).ToList();

    public AgreementDetails ToDetails() => new(Kind!.Value, Number, SignedOn!.Value, ValidFrom!.Value, ValidUntil, ActionIds);

    public sealed record ActionOption(Guid Id, string Label);

    /// <summary>The voucher actions (A, B) of the alliance's projects an agreement can cover.</summary>
    public static async Task<IReadOnlyList<ActionOption>> ActionOptionsAsync(AppDbContext db, Guid? allianceId, CancellationToken ct) =>
        await db.ProjectActions.AsNoTracking()
            .Join(db.Projects, a => a.ProjectId, p => p.Id, (a, p) => new { a.Id, a.Code, a.Title, Project = p.Title, p.AllianceId, p.StartDate })
            .Where(x => x.AllianceId == allianceId && (x.Code == "A" || x.Code == "B"))
            .OrderByDescending(x => x.StartDate).ThenBy(x => x.Code)
            .Select(x => new ActionOption(x.Id, x.Project + " - azione " + x.Code + ": " + x.Title))
            .ToListAsync(ct);

    public sealed class Validator : AbstractValidator<AgreementForm>
    {
        public Validator()
        {
            RuleFor(x => x.Kind).NotNull().WithMessage("Scegliere se è una convenzione o un accreditamento.");
            RuleFor(x => x.Number).NotEmpty().WithMessage("Inserire il numero dell'accordo.").MaximumLength(50).WithMessage("Al massimo 50 caratteri.");
            RuleFor(x => x.SignedOn).NotNull().WithMessage("Inserire la data di firma.");
            RuleFor(x => x.ValidFrom).NotNull().WithMessage("Inserire l'inizio della validità.");
            RuleFor(x => x.ValidUntil).Must((x, until) => until >= x.ValidFrom).When(x => x.ValidUntil is not null && x.ValidFrom is not null)
                .WithMessage("La fine della validità non può precedere l'inizio.");
            RuleFor(x => x.ActionIds).NotEmpty().WithMessage("Indicare almeno un'azione coperta dall'accordo.");
        }
    }
}
