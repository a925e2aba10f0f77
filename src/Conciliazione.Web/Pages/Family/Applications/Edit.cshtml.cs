using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Data;
using Conciliazione.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Pages.Family.Applications;

/// <summary>
/// The application wizard: one step at a time, each saved to the draft on "Salva e continua" so
/// the family can leave and resume. Every step is validated on the server with Italian messages;
/// on an error the same step comes back with what was typed. Documents and the final check and
/// submission have their own pages (<see cref="DocumentsModel"/>, <see cref="ReviewModel"/>).
/// </summary>
public sealed class EditModel(AppDbContext db, ICallCatalog calls, TimeProvider clock) : PageModel
{
    public static readonly IReadOnlyList<(string Key, string Title)> Steps =
    [
        ("richiedente", "Richiedente"),
        ("nucleo", "Nucleo familiare"),
        ("lavoro", "Residenza e lavoro"),
        ("isee", "ISEE"),
        ("servizio", "Servizio richiesto"),
        ("dichiarazioni", "Dichiarazioni"),
    ];

    [BindProperty(SupportsGet = true)]
    public string Step { get; set; } = "richiedente";

    [BindProperty]
    public ApplicantInput Applicant { get; set; } = new();

    [BindProperty]
    public HouseholdInput Household { get; set; } = new();

    [BindProperty]
    public EmploymentInput Employment { get; set; } = new();

    [BindProperty]
    public IseeInput Isee { get; set; } = new();

    [BindProperty]
    public ServiceInput Service { get; set; } = new();

    [BindProperty]
    public DeclarationsInput Declarations { get; set; } = new();

    public CallForApplicants Call { get; private set; } = default!;
    public Application Draft { get; private set; } = default!;
    public IReadOnlyList<Choice> Municipalities { get; private set; } = [];
    public int StepIndex => Math.Max(0, Steps.ToList().FindIndex(s => s.Key == Step));

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await LoadAsync(id, ct);
        if (result is not null)
        {
            return result;
        }

        FillInputsFromDraft();
        return Page();
    }

    public Task<IActionResult> OnPostApplicantAsync(Guid id, CancellationToken ct) =>
        SaveAsync(id, "richiedente", new ApplicantInput.Validator(), Applicant, nameof(Applicant), now =>
            Draft.UpdateApplicant(new ApplicantSection
            {
                GivenName = Draft.Applicant.GivenName,
                FamilyName = Draft.Applicant.FamilyName,
                FiscalCode = Draft.Applicant.FiscalCode,
                BirthDate = Draft.Applicant.BirthDate,
                Email = Applicant.Email?.Trim(),
                Phone = Applicant.Phone?.Trim(),
            }, now), ct);

    public Task<IActionResult> OnPostHouseholdAsync(Guid id, CancellationToken ct) =>
        SaveAsync(id, "nucleo", null, Household, nameof(Household), now =>
        {
            var h = new HouseholdSection
            {
                SingleCustodialParent = Call.IsForChildren && Household.SingleParent,
                OtherParentName = !Call.IsForChildren || Household.SingleParent ? null : Household.OtherParentName?.Trim(),
                OtherParentFiscalCode = !Call.IsForChildren || Household.SingleParent ? null : Normalise(Household.OtherParentFiscalCode),
                OtherParentEmployment = !Call.IsForChildren || Household.SingleParent ? null : Enum.Parse<EmploymentKind>(Household.OtherParentEmployment!),
            };
            if (Call.IsForChildren)
            {
                h.Children.Add(new ChildEntry
                {
                    GivenName = Household.ChildGivenName!.Trim(),
                    FamilyName = Household.ChildFamilyName!.Trim(),
                    FiscalCode = Normalise(Household.ChildFiscalCode)!,
                    BirthDate = WizardParsing.Date(Household.ChildBirthDate)!.Value,
                });
            }
            else
            {
                h.AssistedPersonName = Household.AssistedName?.Trim();
                h.AssistedPersonFiscalCode = Normalise(Household.AssistedFiscalCode);
                h.AssistedRelationship = Household.AssistedRelationship?.Trim();
                if (Call.AsksFragilityData)
                {
                    h.AssistedDisability = Household.AssistedDisability;
                    h.AssistedNonSelfSufficient = Household.AssistedNonSelfSufficient;
                }
            }

            Draft.UpdateHousehold(h, now);
        }, ct);

    public Task<IActionResult> OnPostEmploymentAsync(Guid id, CancellationToken ct) =>
        SaveAsync(id, "lavoro", null, Employment, nameof(Employment), now =>
            Draft.UpdateEmployment(
                new EmploymentSection
                {
                    Kind = Enum.Parse<EmploymentKind>(Employment.Kind!),
                    EmployerName = Employment.EmployerName?.Trim(),
                    EmployerIsPartner = Employment.EmployerIsPartner,
                },
                Municipalities.Any(m => m.Key == Employment.ResidenceMunicipalityId?.ToString()) ? Employment.ResidenceMunicipalityId : null,
                now), ct);

    public Task<IActionResult> OnPostIseeAsync(Guid id, CancellationToken ct) =>
        SaveAsync(id, "isee", null, Isee, nameof(Isee), now =>
            Draft.UpdateIsee(Isee.HasIsee
                ? new IseeSection
                {
                    HasIsee = true,
                    Type = Enum.Parse<IseeType>(Isee.Type!),
                    Value = Money.TryParse(Isee.Value, out var v, out _) ? v : null,
                    DsuNumber = Isee.DsuNumber?.Trim().ToUpperInvariant(),
                    ExpiresOn = WizardParsing.Date(Isee.ExpiresOn),
                }
                : new IseeSection { HasIsee = false }, now), ct);

    public Task<IActionResult> OnPostServiceAsync(Guid id, CancellationToken ct) =>
        SaveAsync(id, "servizio", null, Service, nameof(Service), now =>
            Draft.UpdateService(new ServiceSection
            {
                ServiceType = Service.ServiceType,
                ProviderId = Service.Provider == ServiceInput.OtherProvider ? null : Guid.Parse(Service.Provider!),
                OtherProviderName = Service.Provider == ServiceInput.OtherProvider ? Service.OtherProviderName?.Trim() : null,
                From = WizardParsing.Date(Service.From),
                To = WizardParsing.Date(Service.To),
                MonthlyCost = Money.TryParse(Service.MonthlyCost, out var cost, out _) ? cost : null,
            }, now), ct);

    public Task<IActionResult> OnPostDeclarationsAsync(Guid id, CancellationToken ct) =>
        SaveAsync(id, "dichiarazioni", null, Declarations, nameof(Declarations), now =>
            Draft.UpdateDeclarations(new DeclarationsSection
            {
                OtherBenefits = Declarations.OtherBenefits.Where(b => Call.Criteria.IncompatibleBenefits.Contains(b) || b == "Altro").Distinct().ToList(),
                OtherBenefitsNote = Declarations.OtherBenefitsNote?.Trim(),
                AcceptedDeclarations = Declarations.Accepted.Where(k => Call.Declarations.Any(d => d.Key == k)).Distinct().ToList(),
                PrivacyNoticeAccepted = Declarations.PrivacyAccepted,
            }, now), ct);

    private async Task<IActionResult> SaveAsync<T>(Guid id, string step, IValidator<T>? validator, T input, string prefix, Action<DateTimeOffset> apply, CancellationToken ct)
    {
        Step = step;
        var result = await LoadAsync(id, ct);
        if (result is not null)
        {
            return result;
        }

        validator ??= step switch
        {
            "nucleo" => (IValidator<T>)(object)new HouseholdInput.Validator(Call),
            "lavoro" => (IValidator<T>)(object)new EmploymentInput.Validator(Call),
            "isee" => (IValidator<T>)(object)new IseeInput.Validator(Call, DateOnly.FromDateTime(RomeTime.ToRome(clock.GetUtcNow()).Date)),
            "servizio" => (IValidator<T>)(object)new ServiceInput.Validator(Call),
            "dichiarazioni" => (IValidator<T>)(object)new DeclarationsInput.Validator(Call),
            _ => throw new InvalidOperationException("No validator for " + step),
        };
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            validation.AddToModelState(ModelState, prefix);
            return Page();
        }

        try
        {
            apply(clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, "La domanda è stata modificata in un'altra finestra. Ricarica la pagina e riprova: i dati salvati sono al sicuro.");
            return Page();
        }

        var next = Steps.ToList().FindIndex(s => s.Key == step) + 1;
        return next < Steps.Count
            ? RedirectToPage("./Edit", new { id, step = Steps[next].Key })
            : RedirectToPage("./Documents", new { id });
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (!Steps.Any(s => s.Key == Step))
        {
            return NotFound();
        }

        var (draft, call, instead) = await this.LoadDraftAsync(db, calls, id, withDocuments: false, ct);
        if (instead is not null)
        {
            return instead;
        }

        (Draft, Call) = (draft!, call!);
        Municipalities = await calls.MunicipalitiesAsync(Call.AllianceId, ct);
        return null;
    }

    private void FillInputsFromDraft() =>
        (Applicant, Household, Employment, Isee, Service, Declarations) = StepInputs.From(Draft);

    private static string? Normalise(string? fiscalCode) =>
        string.IsNullOrWhiteSpace(fiscalCode) ? null : Domain.Identity.FiscalCode.Normalise(fiscalCode);
}
