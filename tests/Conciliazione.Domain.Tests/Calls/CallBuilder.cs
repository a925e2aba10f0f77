using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Projects;

namespace Conciliazione.Domain.Tests.Calls;

/// <summary>Builds projects and calls with intent for the call rules' tests.</summary>
public static class CallBuilder
{
    public static readonly Guid AllianceId = Guid.Parse("00000000-0000-4000-8000-0000000000aa");
    public static readonly byte[] Pdf = "%PDF-1.7\n%fake but well-formed enough for the signature check\n"u8.ToArray();

    /// <summary>A project 2027-2028 with actions A, B and C1 and 15.401,00 € of vouchers (category D).</summary>
    public static Project Project()
    {
        var project = Domain.Projects.Project.Create(Guid.NewGuid(), AllianceId, "Progetto di prova", "Piano di prova", new DateOnly(2027, 1, 1), new DateOnly(2028, 12, 31));
        project.SetBudgetLine(CostCategory.Vouchers, 15_401m, BudgetCommitments.None);
        foreach (var code in new[] { "A", "B", "C1" })
        {
            project.AddAction(code, new ActionTexts("Azione " + code, null, null, null, null, null, null));
        }

        return project;
    }

    public static Guid Action(this Project project, string code) => project.Actions.Single(a => a.Code == code).Id;

    public static VoucherBudget NothingCommitted(decimal categoryD = 15_401m) => new(categoryD, 0m, 0m);

    public static CallDetails Details(
        decimal budget = 5_000m,
        DateTimeOffset? opens = null,
        DateTimeOffset? closes = null,
        DateOnly? serviceStart = null,
        DateOnly? serviceEnd = null,
        string? description = "Voucher per i servizi all'infanzia.",
        bool allowsOtherProvider = true) => new(
        "AV-2027-01",
        "Voucher infanzia 2027",
        description,
        opens ?? new DateTimeOffset(2027, 3, 1, 8, 0, 0, TimeSpan.Zero),
        closes ?? new DateTimeOffset(2027, 3, 31, 21, 59, 0, TimeSpan.Zero),
        serviceStart ?? new DateOnly(2027, 4, 1),
        serviceEnd ?? new DateOnly(2027, 12, 31),
        budget,
        allowsOtherProvider);

    public static CallRules CompleteRules(string actionCode = "B") => new()
    {
        ServiceTypes = actionCode == "B" ? [ServiceType.Micronido, ServiceType.CentroEstivo] : [ServiceType.FamilyAssistant],
        Eligibility = new EligibilityRules { MinAgeMonths = 3, MaxAgeYears = 11, AgeReferenceDate = new DateOnly(2027, 9, 1), IseeCeiling = 30_000m, IncompatibleBenefits = ["Nidi Gratis", "Bonus nido"] },
        Amount = new AmountRule { Kind = AmountKind.ShareOfSpending, RatePercent = 50m, CapPerChild = 350m },
        Funding = new FundingRule { Mode = FundingMode.Ranking, TieBreaks = [TieBreak.SubmissionTime] },
        Documents = [new RequiredDocument("Attestazione ISEE", true), new RequiredDocument("Certificato di disabilità", false)],
        SelfDeclarations = ["di essere residente in uno dei comuni dell'alleanza"],
    };

    public static readonly DateTimeOffset Now = new(2027, 2, 15, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A draft of action <paramref name="actionCode"/> with everything publication needs.</summary>
    public static Call CompleteDraft(Project project, string actionCode = "B", CallDetails? details = null)
    {
        var call = Call.CreateDraft(AllianceId, project, project.Action(actionCode), details ?? Details(), NothingCommitted(), Now, null);
        call.ReviseRules(CompleteRules(actionCode));
        call.AttachDocument("bando.pdf", Pdf, Now);
        return call;
    }

    public static Call Published(Project project, string actionCode = "B", CallDetails? details = null)
    {
        var call = CompleteDraft(project, actionCode, details);
        call.Publish(project, Now, null);
        return call;
    }
}
