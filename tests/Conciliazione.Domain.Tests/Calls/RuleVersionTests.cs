using Conciliazione.Domain.Calls;
using static Conciliazione.Domain.Tests.Calls.CallBuilder;

namespace Conciliazione.Domain.Tests.Calls;

/// <summary>Once a call is published, every change to its rules is a numbered version with who, when, why and what.</summary>
public sealed class RuleVersionTests
{
    private static CallRules WithIsee(decimal? ceiling) => CompleteRules() with { Eligibility = CompleteRules().Eligibility with { IseeCeiling = ceiling } };

    [Fact]
    public void ReviseRules_OnAPublishedCallWithNoApplication_IsRefused_NothingChanges()
    {
        var call = Published(Project());

        var ex = Assert.Throws<DomainException>(() => call.ReviseRules(WithIsee(20_000m)));

        Assert.Equal(Call.PublishedMessage, ex.Message);
        Assert.True(call.Rules.SameAs(CompleteRules()));
    }

    [Fact]
    public void ChangeRules_OnADraft_RewritesVersion1InPlace()
    {
        var call = CompleteDraft(Project());

        var version = call.ChangeRules(WithIsee(20_000m), null, null, Now);

        Assert.Null(version);
        Assert.Single(call.Versions);
        Assert.Equal(20_000m, call.Rules.Eligibility.IseeCeiling);
    }

    [Fact]
    public void ChangeRules_OnAPublishedCallWithNoApplication_AddsVersion2_WithWhoWhenWhy_AndWhatChanged()
    {
        var call = Published(Project());
        var by = Guid.NewGuid();

        var v2 = call.ChangeRules(WithIsee(20_000m), "  Delibera di giunta n. 12  ", by, Now.AddDays(2));

        Assert.NotNull(v2);
        Assert.Equal(2, v2.Number);
        Assert.Equal(2, call.CurrentVersionNumber);
        Assert.Equal("Delibera di giunta n. 12", v2.AmendmentReason);
        Assert.Equal(by, v2.CreatedBy);
        Assert.Equal(Now.AddDays(2), v2.CreatedAt);
        Assert.Equal(["Soglia ISEE: 30.000,00 € -> 20.000,00 €"], call.ChangesIn(2));
        Assert.True(call.Versions.Single(v => v.Number == 1).Rules.SameAs(CompleteRules()));
    }

    [Fact]
    public void ChangeRules_OnAPublishedCall_WithoutReason_IsRefusedOnTheReasonField()
    {
        var call = Published(Project());

        var ex = Assert.Throws<DomainException>(() => call.ChangeRules(WithIsee(20_000m), " ", null, Now));

        Assert.Equal(new DomainError("Reason", Call.ReasonRequiredMessage), Assert.Single(ex.Errors));
        Assert.Single(call.Versions);
    }

    [Fact]
    public void Differences_ListsEveryChangedField_NotOnlyAmounts_InItalian()
    {
        var before = CompleteRules();
        var after = before with
        {
            Eligibility = before.Eligibility with { Territory = TerritorialRequirement.Residence, IseeCeiling = 25_000m, Freelancers = false },
            Amount = before.Amount with { CapPerChild = 400m },
            Funding = before.Funding with { Mode = FundingMode.FirstComeFirstServed, TieBreaks = [] },
            Documents = [.. before.Documents, new RequiredDocument("Certificato di frequenza", false)],
            SelfDeclarations = ["di essere residente"],
        };

        var changes = CallRules.Differences(before, after);

        Assert.Contains("Requisito territoriale: residenza o lavoro presso un ente partner -> residenza", changes);
        Assert.Contains("Ammessi i liberi professionisti: sì -> no", changes);
        Assert.Contains("Soglia ISEE: 30.000,00 € -> 25.000,00 €", changes);
        Assert.Contains("Tetto per figlio: 350,00 € -> 400,00 €", changes);
        Assert.Contains("Modalità di finanziamento: graduatoria -> in ordine di arrivo", changes);
        Assert.Contains(changes, c => c.StartsWith("Criteri di parità: ", StringComparison.Ordinal) && c.EndsWith("-> nessuno", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("Documenti facoltativi: ", StringComparison.Ordinal) && c.Contains("Certificato di frequenza", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("Dichiarazioni sostitutive: ", StringComparison.Ordinal) && c.EndsWith("-> di essere residente", StringComparison.Ordinal));
        Assert.Empty(CallRules.Differences(before, CompleteRules()));
    }

    [Fact]
    public void Notices_OnePerDraft_ForTheNewVersion()
    {
        var call = Published(Project());
        var v2 = call.ChangeRules(WithIsee(20_000m), "Delibera", null, Now)!;
        var drafts = new[] { (Guid.NewGuid(), Guid.NewGuid()), (Guid.NewGuid(), Guid.NewGuid()) };

        var notices = CallRuleNotice.ForDrafts(call, v2, drafts);

        Assert.Equal(drafts.Select(d => d.Item1), notices.Select(n => n.ApplicationId));
        Assert.All(notices, n => Assert.Equal((call.Id, 2, v2.CreatedAt), (n.CallId, n.VersionNumber, n.CreatedAt)));
    }
}
