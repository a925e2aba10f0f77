using Conciliazione.Domain.Calls;

namespace Conciliazione.Domain.Tests.Calls;

public sealed class CallRulesTests
{
    public static TheoryData<string, decimal, int, decimal, decimal> Amounts => new()
    {
        // 20% up to 400 per application
        { "20/400", 1_000m, 1, 0m, 200m },
        { "20/400", 3_000m, 1, 0m, 400m },
        { "20/400", 3_000m, 1, 300m, 100m },
        { "20/400", 3_000m, 1, 400m, 0m },
        { "20/400", 0m, 1, 0m, 0m },
        { "20/400", 333.33m, 1, 0m, 66.67m },
        // 50% up to 350 per child
        { "50/350c", 1_000m, 2, 0m, 500m },
        { "50/350c", 2_000m, 2, 0m, 700m },
        { "50/350c", 2_000m, 1, 0m, 350m },
        // minimum spend 100
        { "50/350c/min100", 99.99m, 1, 0m, 0m },
        { "50/350c/min100", 100m, 1, 0m, 50m },
        // flat 250 once spending reaches 400
        { "flat250/400", 399.99m, 1, 0m, 0m },
        { "flat250/400", 400m, 1, 0m, 250m },
        { "flat250/400", 5_000m, 1, 0m, 250m },
        { "flat250/400", 5_000m, 1, 250m, 0m },
    };

    private static AmountRule Rule(string name) => name switch
    {
        "20/400" => new AmountRule { RatePercent = 20m, CapPerApplication = 400m },
        "50/350c" => new AmountRule { RatePercent = 50m, CapPerChild = 350m },
        "50/350c/min100" => new AmountRule { RatePercent = 50m, CapPerChild = 350m, MinimumSpend = 100m },
        _ => new AmountRule { Kind = AmountKind.FlatAboveThreshold, FlatAmount = 250m, Threshold = 400m },
    };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void Reimbursable_FollowsRateCapsAndWhatWasAlreadyPaid(string rule, decimal spending, int children, decimal alreadyPaid, decimal expected)
    {
        Assert.Equal(expected, Rule(rule).Reimbursable(spending, children, alreadyPaid));
    }

    [Fact]
    public void Describe_SaysTheRuleInPlainItalian()
    {
        Assert.Equal("Il voucher rimborsa il 20% della spesa documentata, fino a un massimo di 400,00 € per domanda.", Rule("20/400").Describe());
        Assert.Equal("Il voucher rimborsa il 50% della spesa documentata, fino a un massimo di 350,00 € per figlio. La spesa minima per ottenere il rimborso è di 100,00 €.", Rule("50/350c/min100").Describe());
        Assert.Equal("Un contributo fisso di 250,00 € se la spesa documentata raggiunge 400,00 €.", Rule("flat250/400").Describe());
    }

    [Fact]
    public void Funding_Ranking_DescribesIseeThenTheTieBreakChainInOrder()
    {
        var rule = new FundingRule { Mode = FundingMode.Ranking, TieBreaks = [TieBreak.OlderChild, TieBreak.SubmissionTime] };

        Assert.Equal("Le domande ammesse sono finanziate secondo una graduatoria: prima l'ISEE più basso, poi chi non presenta l'ISEE; a parità si guarda a: figlio più grande, poi ordine di presentazione della domanda. La graduatoria è pubblicata per numero di protocollo, senza nomi. Quando i fondi non bastano per intero: la domanda che non rientra resta in lista d'attesa e si passa alla successiva che rientra.", rule.Describe());
        Assert.EndsWith("Quando i fondi non bastano per intero: alla prima domanda che non rientra si concede quanto resta.", (rule with { WhenShort = ShortfallPolicy.PartialGrant }).Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTrip_KeepsEverything()
    {
        var rules = CallBuilder.CompleteRules() with { Funding = new FundingRule { Mode = FundingMode.Ranking, TieBreaks = [TieBreak.DisabilityInHousehold, TieBreak.SubmissionTime] } };

        var back = CallRules.FromJson(rules.ToJson());

        Assert.True(back.SameAs(rules));
        Assert.Equal([TieBreak.DisabilityInHousehold, TieBreak.SubmissionTime], back.Funding.TieBreaks);
        Assert.Equal(["Nidi Gratis", "Bonus nido"], back.Eligibility.IncompatibleBenefits);
        Assert.Contains("\"micronido\"", rules.ToJson(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Errors_NameServicesOfTheOtherAction_AndRepeatedTieBreaks()
    {
        var rules = new CallRules
        {
            ServiceTypes = [ServiceType.Micronido, ServiceType.FragilePersonTransport],
            Funding = new FundingRule { TieBreaks = [TieBreak.OlderChild, TieBreak.OlderChild] },
            Eligibility = new EligibilityRules { MinAgeMonths = 200, MaxAgeYears = 3 },
        };

        Assert.Equal(
        [
            "Questi servizi non appartengono all'azione B: Trasporto di persone fragili.",
            "L'età minima supera l'età massima.",
            "Ogni criterio di parità può comparire una sola volta.",
        ], rules.Errors("B"));
    }

    [Fact]
    public void Missing_ForActionA_DoesNotAskForAChildAgeLimit()
    {
        var rules = CallBuilder.CompleteRules("A") with { Eligibility = new EligibilityRules() };

        Assert.Empty(rules.Missing("A"));
        Assert.Contains("Indicare l'età massima dei figli e la data a cui si calcola.", rules.Missing("B"));
    }

    [Fact]
    public void DescribeEligibility_ListsTerritoryWorkAgeIseeAndIncompatibleBenefits()
    {
        var lines = CallBuilder.CompleteRules().DescribeEligibility();

        Assert.Equal(
        [
            "Risiedere in uno dei comuni dell'alleanza oppure lavorare presso uno degli enti partner.",
            "Entrambi i genitori lavorano, oppure lavora il genitore unico affidatario (dipendenti, lavoratori autonomi, liberi professionisti).",
            "Il figlio ha un'età compresa tra 3 mesi e 11 anni alla data del 01/09/2027 e vive nel nucleo familiare.",
            "ISEE non superiore a 30.000,00 €.",
            "Per lo stesso figlio e lo stesso servizio non si ricevono altri contributi: Nidi Gratis, Bonus nido (va dichiarato nella domanda).",
        ], lines);
    }
}
