using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Web.Pages.Family.Applications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages.Calls;

/// <summary>
/// The anonymous eligibility pre-check: a few questions, the call's rules applied as the wizard
/// applies them, and the outcome per rule in plain Italian. Nothing is stored or logged.
/// </summary>
public sealed class EligibilityModel(ICallCatalog calls) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public CallForApplicants Call { get; private set; } = default!;
    public IReadOnlyList<EligibilityResult>? Results { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var call = await calls.FindAsync(id, ct);
        if (call is null)
        {
            return NotFound();
        }

        Call = call;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var page = await OnGetAsync(id, ct);
        if (page is not PageResult)
        {
            return page;
        }

        var birth = WizardParsing.Date(Input.ChildBirthDate);
        if (!string.IsNullOrWhiteSpace(Input.ChildBirthDate) && birth is null)
        {
            ModelState.AddModelError("Input.ChildBirthDate", "La data di nascita non è valida.");
        }

        decimal? isee = null;
        if (!string.IsNullOrWhiteSpace(Input.IseeValue))
        {
            if (Money.TryParse(Input.IseeValue, out var value, out var error))
            {
                isee = value;
            }
            else
            {
                ModelState.AddModelError("Input.IseeValue", error ?? "Il valore ISEE non è valido.");
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        EmploymentKind? work = Enum.TryParse<EmploymentKind>(Input.Work, out var k) && Enum.IsDefined(k) ? k : null;
        Results = Eligibility.Evaluate(Call.Criteria, new EligibilityAnswers(
            ResidentInAlliance: AsksResidence ? Input.Resident : null,
            EmployedByPartner: AsksPartner ? Input.PartnerEmployee : null,
            ApplicantWorks: work is null ? null : work != EmploymentKind.NotWorking,
            // Carer calls (action A) have no other parent: as in the wizard, the condition holds.
            OtherParentWorksOrSingleParent: Call.IsForChildren ? Input.OtherWorks : true,
            ChildBirthDate: birth,
            IseeValue: isee,
            NoIsee: Input.NoIsee ? true : (isee is null ? null : false),
            OtherBenefits: Input.Benefits,
            ApplicantEmployment: work));
        return Page();
    }

    // Questions follow the call's own rules: a call open to residents only does not ask about partners.
    public bool AsksResidence => Call.Criteria.ResidenceInAlliance;

    public bool AsksPartner => Call.Criteria.EmploymentByPartnerAccepted;

    public bool AsksWork => Call.Criteria.WorkingParentsRequired || Call.Criteria.RestrictsEmployment;

    public bool AsksOtherParent => Call.IsForChildren && Call.Criteria.WorkingParentsRequired;

    public bool AsksChildBirth => Call.IsForChildren && (Call.Criteria.ChildMinAgeMonths is not null || Call.Criteria.ChildMaxAgeMonths is not null);

    public bool AsksIsee => Call.Criteria.IseeCeiling is not null;

    public sealed class InputModel
    {
        public bool? Resident { get; set; }
        public bool? PartnerEmployee { get; set; }
        public string? Work { get; set; }
        public bool? OtherWorks { get; set; }
        public string? ChildBirthDate { get; set; }
        public string? IseeValue { get; set; }
        public bool NoIsee { get; set; }
        public List<string> Benefits { get; set; } = [];
    }
}
