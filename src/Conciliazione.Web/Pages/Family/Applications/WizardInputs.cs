using System.Globalization;
using Conciliazione.Domain;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Identity;
using FluentValidation;

namespace Conciliazione.Web.Pages.Family.Applications;

// The wizard's step forms. Dates and amounts are bound as text and parsed here, so what the person
// typed comes back unchanged on an error and "10.50" is never read as 1050 under it-IT.

public sealed class ApplicantInput
{
    public string? Email { get; set; }
    public string? Phone { get; set; }

    public sealed class Validator : AbstractValidator<ApplicantInput>
    {
        public Validator()
        {
            RuleFor(x => x.Email).NotEmpty().WithMessage("Inserire un indirizzo e-mail: serve per la conferma e le comunicazioni.")
                .EmailAddress().WithMessage("L'indirizzo e-mail non è valido.");
            RuleFor(x => x.Phone).Matches(@"^\+?[0-9 ]{6,20}$").When(x => !string.IsNullOrWhiteSpace(x.Phone))
                .WithMessage("Il numero di telefono può contenere solo cifre, spazi e un + iniziale.");
        }
    }
}

public sealed class HouseholdInput
{
    public bool SingleParent { get; set; }
    public string? OtherParentName { get; set; }
    public string? OtherParentFiscalCode { get; set; }
    public string? OtherParentEmployment { get; set; }
    public string? ChildGivenName { get; set; }
    public string? ChildFamilyName { get; set; }
    public string? ChildFiscalCode { get; set; }
    public string? ChildBirthDate { get; set; }
    public string? ChildSex { get; set; }
    public string? AssistedName { get; set; }
    public string? AssistedFiscalCode { get; set; }
    public string? AssistedRelationship { get; set; }
    public bool AssistedDisability { get; set; }
    public bool AssistedNonSelfSufficient { get; set; }

    public sealed class Validator : AbstractValidator<HouseholdInput>
    {
        public Validator(CallForApplicants call)
        {
            // The other parent matters for childcare calls; carer calls (action A) ask about the carer only.
            When(x => call.IsForChildren && !x.SingleParent, () =>
            {
                RuleFor(x => x.OtherParentName).NotEmpty().WithMessage("Inserire nome e cognome dell'altro genitore, oppure indicare che sei il genitore unico affidatario.");
                RuleFor(x => x.OtherParentEmployment).NotEmpty().WithMessage("Indicare la situazione lavorativa dell'altro genitore.")
                    .IsEnumName(typeof(EmploymentKind)).WithMessage("Situazione lavorativa non valida.");
                RuleFor(x => x.OtherParentFiscalCode).Must(BeAValidCode).When(x => !string.IsNullOrWhiteSpace(x.OtherParentFiscalCode))
                    .WithMessage("Il codice fiscale dell'altro genitore non è valido (controllare i caratteri e l'ultima lettera).");
            });
            if (call.IsForChildren)
            {
                RuleFor(x => x.ChildGivenName).NotEmpty().WithMessage("Inserire il nome del figlio.");
                RuleFor(x => x.ChildFamilyName).NotEmpty().WithMessage("Inserire il cognome del figlio.");
                RuleFor(x => x.ChildSex).Must(s => s is "F" or "M").WithMessage("Indicare il sesso del figlio, come sul codice fiscale.");
                RuleFor(x => x.ChildBirthDate).Must(d => WizardParsing.Date(d) is not null).WithMessage("Inserire la data di nascita del figlio (gg/mm/aaaa).");
                RuleFor(x => x.ChildFiscalCode).NotEmpty().WithMessage("Inserire il codice fiscale del figlio.")
                    .Must(BeAValidCode).WithMessage("Il codice fiscale del figlio non è valido (controllare i caratteri e l'ultima lettera).");
                RuleFor(x => x).Must(CodeMatchesBirthAndSex).When(x => BeAValidCode(x.ChildFiscalCode) && WizardParsing.Date(x.ChildBirthDate) is not null && x.ChildSex is "F" or "M")
                    .WithName(nameof(ChildFiscalCode)).OverridePropertyName(nameof(ChildFiscalCode))
                    .WithMessage("Il codice fiscale del figlio non corrisponde alla data di nascita o al sesso indicati.");
                RuleFor(x => x.ChildBirthDate).Must(d => WithinAgeLimits(call.Criteria, d)).When(x => WizardParsing.Date(x.ChildBirthDate) is not null)
                    .WithMessage(AgeMessage(call.Criteria));
            }
            else
            {
                RuleFor(x => x.AssistedName).NotEmpty().WithMessage("Inserire nome e cognome della persona assistita.");
                RuleFor(x => x.AssistedRelationship).NotEmpty().WithMessage("Indicare il rapporto di parentela con la persona assistita.");
                RuleFor(x => x.AssistedFiscalCode).NotEmpty().WithMessage("Inserire il codice fiscale della persona assistita.")
                    .Must(BeAValidCode).WithMessage("Il codice fiscale della persona assistita non è valido.");
            }
        }

        private static bool BeAValidCode(string? code) => FiscalCode.TryParse(code, out _);

        private static bool CodeMatchesBirthAndSex(HouseholdInput x) =>
            FiscalCode.TryParse(x.ChildFiscalCode, out var code) && code.Matches(WizardParsing.Date(x.ChildBirthDate)!.Value, x.ChildSex == "F");

        private static bool WithinAgeLimits(EligibilityCriteria c, string? birth)
        {
            var months = Eligibility.AgeInMonths(WizardParsing.Date(birth)!.Value, c.AgeReferenceDate);
            return (c.ChildMinAgeMonths is not { } min || months >= min) && (c.ChildMaxAgeMonths is not { } max || months <= max);
        }

        private static string AgeMessage(EligibilityCriteria c) =>
            string.Create(CultureInfo.GetCultureInfo("it-IT"), $"Al {c.AgeReferenceDate:dd/MM/yyyy} il figlio deve avere un'età compresa fra {c.ChildMinAgeMonths ?? 0} e {c.ChildMaxAgeMonths ?? 0} mesi, come prevede il bando.");
    }
}

public sealed class EmploymentInput
{
    public Guid? ResidenceMunicipalityId { get; set; }
    public string? Kind { get; set; }
    public string? EmployerName { get; set; }
    public bool EmployerIsPartner { get; set; }

    public sealed class Validator : AbstractValidator<EmploymentInput>
    {
        public Validator(CallForApplicants call)
        {
            RuleFor(x => x.Kind).NotEmpty().WithMessage("Indicare la tua situazione lavorativa.")
                .IsEnumName(typeof(EmploymentKind)).WithMessage("Situazione lavorativa non valida.");
            // The same rule as the pre-check and the final check (Eligibility, "Tipo di lavoro").
            RuleFor(x => x.Kind).Must(k => Eligibility.Accepts(call.Criteria, Enum.Parse<EmploymentKind>(k!)))
                .When(x => call.Criteria.RestrictsEmployment && Enum.TryParse<EmploymentKind>(x.Kind, out var k) && Enum.IsDefined(k) && k != EmploymentKind.NotWorking)
                .WithMessage("Il bando è riservato a " + Eligibility.DescribeAccepted(call.Criteria) + ".");
            RuleFor(x => x.EmployerName).NotEmpty().When(x => x.Kind == nameof(EmploymentKind.Employee))
                .WithMessage("Inserire il nome del datore di lavoro.");
        }
    }
}

public sealed class IseeInput
{
    public bool HasIsee { get; set; }
    public string? Type { get; set; }
    public string? Value { get; set; }
    public string? DsuNumber { get; set; }
    public string? ExpiresOn { get; set; }

    public sealed class Validator : AbstractValidator<IseeInput>
    {
        public Validator(CallForApplicants call, DateOnly today)
        {
            When(x => x.HasIsee, () =>
            {
                RuleFor(x => x.Type).IsEnumName(typeof(IseeType)).WithMessage("Indicare il tipo di ISEE (ordinario o minorenni).");
                RuleFor(x => x.Value).Must(v => Money.TryParse(v, out _, out _)).WithMessage("Inserire il valore ISEE in euro, ad esempio 12.500,00.");
                RuleFor(x => x.Value).Must(v => Money.TryParse(v, out var d, out _) && d <= call.Criteria.IseeCeiling)
                    .When(x => call.Criteria.IseeCeiling is not null && Money.TryParse(x.Value, out _, out _))
                    .WithMessage("Il valore ISEE supera il limite del bando (" + (call.Criteria.IseeCeiling is { } c ? Money.Format(c) : "") + ").");
                RuleFor(x => x.DsuNumber).NotEmpty().WithMessage("Inserire il numero di protocollo della DSU (es. INPS-ISEE-2026-00000000A-00).")
                    .Matches(@"^[A-Za-z0-9\-/]{8,40}$").WithMessage("Il numero della DSU contiene caratteri non validi.");
                RuleFor(x => x.ExpiresOn).Must(d => WizardParsing.Date(d) is not null).WithMessage("Inserire la data di scadenza dell'ISEE.");
                RuleFor(x => x.ExpiresOn).Must(d => WizardParsing.Date(d) >= today).When(x => WizardParsing.Date(x.ExpiresOn) is not null)
                    .WithMessage("L'ISEE è scaduto: serve un'attestazione in corso di validità.");
            });
            RuleFor(x => x.HasIsee).Equal(true).When(_ => call.Criteria.IseeCeiling is not null)
                .WithMessage("Questo bando richiede un ISEE in corso di validità.");
        }
    }
}

public sealed class ServiceInput
{
    public string? ServiceType { get; set; }
    public string? Provider { get; set; }
    public string? OtherProviderName { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? MonthlyCost { get; set; }

    public const string OtherProvider = "altro";

    public sealed class Validator : AbstractValidator<ServiceInput>
    {
        public Validator(CallForApplicants call)
        {
            var period = string.Create(CultureInfo.GetCultureInfo("it-IT"), $"dal {call.ServiceFrom:dd/MM/yyyy} al {call.ServiceTo:dd/MM/yyyy}");
            RuleFor(x => x.ServiceType).Must(s => call.ServiceTypes.Any(t => t.Key == s)).WithMessage("Scegliere il servizio fra quelli previsti dal bando.");
            RuleFor(x => x.Provider).NotEmpty().WithMessage("Scegliere l'ente che eroga il servizio.")
                .Must(p => p == OtherProvider ? call.OtherProviderAllowed : call.Providers.Any(pr => pr.Id.ToString() == p))
                .WithMessage("Scegliere un ente fra quelli accreditati per il bando.");
            RuleFor(x => x.Provider).Must((x, p) => call.Providers.Single(pr => pr.Id.ToString() == p).ServiceTypes.Contains(x.ServiceType!))
                .When(x => x.Provider != OtherProvider && call.Providers.Any(pr => pr.Id.ToString() == x.Provider) && call.ServiceTypes.Any(t => t.Key == x.ServiceType))
                .WithMessage(x => "L'ente scelto non offre il servizio \"" + call.ServiceTypes.First(t => t.Key == x.ServiceType).Label + "\": scegliere un ente che lo offre (gli enti sono raggruppati per servizio).");
            RuleFor(x => x.OtherProviderName).NotEmpty().When(x => x.Provider == OtherProvider).WithMessage("Inserire il nome dell'ente scelto.");
            RuleFor(x => x.From).Must(d => WizardParsing.Date(d) is not null).WithMessage("Inserire la data di inizio del servizio.");
            RuleFor(x => x.To).Must(d => WizardParsing.Date(d) is not null).WithMessage("Inserire la data di fine del servizio.");
            RuleFor(x => x).Must(x => WizardParsing.Date(x.From) >= call.ServiceFrom && WizardParsing.Date(x.To) <= call.ServiceTo && WizardParsing.Date(x.From) <= WizardParsing.Date(x.To))
                .When(x => WizardParsing.Date(x.From) is not null && WizardParsing.Date(x.To) is not null)
                .OverridePropertyName(nameof(From))
                .WithMessage("Il periodo del servizio deve essere compreso nel periodo del bando (" + period + ") e la fine non può precedere l'inizio.");
            RuleFor(x => x.MonthlyCost).Must(v => Money.TryParse(v, out var d, out _) && d > 0).WithMessage("Inserire la spesa mensile prevista in euro, ad esempio 450,00.");
        }
    }
}

public sealed class DeclarationsInput
{
    public List<string> OtherBenefits { get; set; } = [];
    public string? OtherBenefitsNote { get; set; }
    public List<string> Accepted { get; set; } = [];
    public bool PrivacyAccepted { get; set; }

    public sealed class Validator : AbstractValidator<DeclarationsInput>
    {
        public Validator(CallForApplicants call)
        {
            foreach (var declaration in call.Declarations)
            {
                RuleFor(x => x.Accepted).Must(a => a.Contains(declaration.Key))
                    .OverridePropertyName("Accepted_" + declaration.Key)
                    .WithMessage("Per presentare la domanda occorre rendere la dichiarazione: \"" + Shorten(declaration.Text) + "\"");
            }

            RuleFor(x => x.PrivacyAccepted).Equal(true).WithMessage("Occorre dichiarare di aver letto l'informativa sul trattamento dei dati personali.");
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
    }
}

public static class WizardParsing
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
