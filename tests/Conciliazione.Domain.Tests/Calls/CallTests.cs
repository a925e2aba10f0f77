using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Providers;
using static Conciliazione.Domain.Tests.Calls.CallBuilder;

namespace Conciliazione.Domain.Tests.Calls;

public sealed class CallTests
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    private static DateTimeOffset RomeWallClock(int y, int m, int d, int h, int min)
    {
        var local = new DateTime(y, m, d, h, min, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Rome.GetUtcOffset(local)).ToUniversalTime();
    }

    [Fact]
    public void CreateDraft_ForANonVoucherAction_IsRefused()
    {
        var project = Project();

        var ex = Assert.Throws<DomainException>(() => Call.CreateDraft(AllianceId, project, project.Action("C1"), Details(), NothingCommitted(), Now, null));

        Assert.Equal("L'azione C1 non eroga voucher: i bandi si creano per le azioni A e B.", ex.Message);
    }

    [Fact]
    public void CreateDraft_StartsWithTheActionsServices_AsVersion1()
    {
        var project = Project();

        var call = Call.CreateDraft(AllianceId, project, project.Action("A"), Details(), NothingCommitted(), Now, null);

        Assert.Equal(CallStatus.Draft, call.Status);
        Assert.Equal(1, call.CurrentVersion.Number);
        Assert.Equal(ServiceTypes.Care, call.Rules.ServiceTypes);
    }

    [Fact]
    public void CreateDraft_WindowClosingBeforeItOpens_IsRefused()
    {
        var project = Project();
        var details = Details(opens: new DateTimeOffset(2027, 3, 10, 8, 0, 0, TimeSpan.Zero), closes: new DateTimeOffset(2027, 3, 9, 8, 0, 0, TimeSpan.Zero));

        var ex = Assert.Throws<DomainException>(() => Call.CreateDraft(AllianceId, project, project.Action("B"), details, NothingCommitted(), Now, null));

        Assert.Equal("La chiusura delle domande deve essere successiva all'apertura.", ex.Message);
    }

    [Theory]
    [InlineData("2026-12-31", "2027-06-30")]
    [InlineData("2027-01-01", "2029-01-01")]
    public void CreateDraft_ServicePeriodOutsideTheProject_IsRefused(string start, string end)
    {
        var project = Project();
        var details = Details(serviceStart: DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), serviceEnd: DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

        var ex = Assert.Throws<DomainException>(() => Call.CreateDraft(AllianceId, project, project.Action("B"), details, NothingCommitted(), Now, null));

        Assert.Equal("Il periodo dei servizi deve stare dentro il periodo del progetto (01/01/2027 - 31/12/2028).", ex.Message);
    }

    [Fact]
    public void CreateDraft_ServicePeriodOnTheProjectsEdges_IsAccepted()
    {
        var project = Project();

        var call = Call.CreateDraft(AllianceId, project, project.Action("B"), Details(serviceStart: new DateOnly(2027, 1, 1), serviceEnd: new DateOnly(2028, 12, 31)), NothingCommitted(), Now, null);

        Assert.Equal(new DateOnly(2028, 12, 31), call.ServiceEnd);
    }

    [Fact]
    public void CreateDraft_BudgetOverWhatIsLeft_IsRefused_NamingWhatIsLeft()
    {
        var project = Project();
        var budget = new VoucherBudget(15_401m, 0m, OtherCalls: 12_000m);

        var ex = Assert.Throws<DomainException>(() => Call.CreateDraft(AllianceId, project, project.Action("B"), Details(budget: 3_401.01m), budget, Now, null));

        Assert.Equal("Il budget del bando (3.401,01 €) supera quanto resta per i voucher del progetto (3.401,00 €). Ridurre il budget o registrare una riallocazione motivata.", ex.Message);
    }

    [Fact]
    public void CreateDraft_BudgetExactlyWhatIsLeft_OrMoreAfterAReallocation_IsAccepted()
    {
        var project = Project();

        var exact = Call.CreateDraft(AllianceId, project, project.Action("B"), Details(budget: 3_401m), new VoucherBudget(15_401m, 0m, 12_000m), Now, null);
        var reallocated = Call.CreateDraft(AllianceId, project, project.Action("A"), Details(budget: 4_401m), new VoucherBudget(15_401m, 1_000m, 12_000m), Now, null);

        Assert.Equal(3_401m, exact.Budget);
        Assert.Equal(4_401m, reallocated.Budget);
    }

    [Fact]
    public void Reallocation_NeedsAReason_APositiveAmount_AndAnotherCategory()
    {
        var project = Project();
        project.SetBudgetLine(CostCategory.Services, 2_056m, BudgetCommitments.None);

        Assert.Equal("Indicare il motivo della riallocazione.", Assert.Throws<DomainException>(() => VoucherReallocation.Record(project, 100m, Domain.Projects.CostCategory.Services, " ", Now, null, BudgetCommitments.None)).Message);
        Assert.Equal("L'importo riallocato deve essere maggiore di zero.", Assert.Throws<DomainException>(() => VoucherReallocation.Record(project, 0m, Domain.Projects.CostCategory.Services, "x", Now, null, BudgetCommitments.None)).Message);
        Assert.Equal("Indicare da quale altra voce di costo proviene la somma.", Assert.Throws<DomainException>(() => VoucherReallocation.Record(project, 10m, Domain.Projects.CostCategory.Vouchers, "x", Now, null, BudgetCommitments.None)).Message);
        Assert.Equal(100m, VoucherReallocation.Record(project, 100m, Domain.Projects.CostCategory.Services, "Servizi risparmiati", Now, null, BudgetCommitments.None).Amount);
    }

    [Fact]
    public void PublicationProblems_OfAnEmptyDraft_ListEverythingMissing_InItalian()
    {
        var project = Project();
        var call = Call.CreateDraft(AllianceId, project, project.Action("B"),
            new CallDetails("AV-1", "Bando", null, null, null, null, null, 0m, false), NothingCommitted(), Now, null);
        call.ReviseRules(new CallRules());

        var problems = call.PublicationProblems(project, Now);

        Assert.Equal(
        [
            "Inserire la descrizione del bando.",
            "Caricare il documento ufficiale del bando (PDF).",
            "Indicare apertura e chiusura della raccolta delle domande.",
            "Indicare il periodo in cui si svolgono i servizi finanziati.",
            "Indicare il budget del bando.",
            "Scegliere almeno un ente erogatore oppure consentire alle famiglie di indicarne un altro.",
            "Scegliere almeno un servizio finanziabile.",
            "Indicare l'età massima dei figli e la data a cui si calcola.",
            "Indicare la percentuale della spesa rimborsata (tra 1 e 100).",
            "Indicare un tetto del rimborso per domanda o per figlio.",
            "Per una graduatoria indicare almeno un criterio di parità (per esempio l'ordine di presentazione).",
            "Indicare almeno un documento obbligatorio da allegare alla domanda.",
            "Inserire i testi delle dichiarazioni sostitutive (DPR 445/2000).",
        ], problems);
        var ex = Assert.Throws<DomainException>(() => call.Publish(project, Now, null));
        Assert.StartsWith("Il bando non può essere pubblicato: Inserire la descrizione del bando.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(CallStatus.Draft, call.Status);
    }

    [Fact]
    public void Publish_WhenComplete_Publishes_AndRefusesASecondTime()
    {
        var project = Project();
        var call = CompleteDraft(project);

        call.Publish(project, Now, null);

        Assert.Equal(CallStatus.Published, call.Status);
        Assert.Equal(Now, call.PublishedAt);
        Assert.Equal("Il bando non può essere pubblicato: Il bando è già stato pubblicato.", Assert.Throws<DomainException>(() => call.Publish(project, Now, null)).Message);
    }

    [Fact]
    public void Publish_WhenTheDeadlineHasPassed_IsRefused()
    {
        var project = Project();
        var call = CompleteDraft(project);

        var problems = call.PublicationProblems(project, new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(["La chiusura delle domande è già passata: indicare una data futura."], problems);
    }

    [Fact]
    public void Window_ClosingAt2359OnTheSundayClocksGoForward_ClosesAt2159Utc()
    {
        var project = Project();
        // 28 March 2027 is the last Sunday of March: Rome moves from UTC+1 to UTC+2 at 02:00.
        var opens = RomeWallClock(2027, 3, 28, 0, 0);
        var closes = RomeWallClock(2027, 3, 28, 23, 59);
        var call = Published(project, details: Details(opens: opens, closes: closes));

        Assert.Equal(new DateTimeOffset(2027, 3, 27, 23, 0, 0, TimeSpan.Zero), call.OpensAt);
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 21, 59, 0, TimeSpan.Zero), call.ClosesAt);
        Assert.Equal(WindowState.Upcoming, call.StateAt(new DateTimeOffset(2027, 3, 27, 22, 59, 59, TimeSpan.Zero)));
        Assert.Equal(WindowState.Open, call.StateAt(new DateTimeOffset(2027, 3, 27, 23, 0, 0, TimeSpan.Zero)));
        Assert.Equal(WindowState.Open, call.StateAt(new DateTimeOffset(2027, 3, 28, 21, 58, 59, TimeSpan.Zero)));
        Assert.Equal(WindowState.Closed, call.StateAt(new DateTimeOffset(2027, 3, 28, 21, 59, 0, TimeSpan.Zero)));
        // An hour that would still be "before 23:59" with a fixed UTC+1 offset is already closed.
        Assert.False(call.IsOpenAt(new DateTimeOffset(2027, 3, 28, 22, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Window_ClosingAt2359OnTheSundayClocksGoBack_ClosesAt2259Utc()
    {
        var project = Project();
        // 31 October 2027 is the last Sunday of October: Rome moves from UTC+2 back to UTC+1 at 03:00.
        var call = Published(project, details: Details(opens: RomeWallClock(2027, 10, 1, 9, 0), closes: RomeWallClock(2027, 10, 31, 23, 59), serviceEnd: new DateOnly(2028, 6, 30)));

        Assert.Equal(new DateTimeOffset(2027, 10, 1, 7, 0, 0, TimeSpan.Zero), call.OpensAt);
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 22, 59, 0, TimeSpan.Zero), call.ClosesAt);
        Assert.True(call.IsOpenAt(new DateTimeOffset(2027, 10, 31, 22, 58, 59, TimeSpan.Zero)));
        Assert.False(call.IsOpenAt(new DateTimeOffset(2027, 10, 31, 22, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Window_OfADraftOrAClosedCall_IsNeverOpen()
    {
        var project = Project();
        var draft = CompleteDraft(project);
        var closed = Published(project);
        var insideWindow = new DateTimeOffset(2027, 3, 15, 12, 0, 0, TimeSpan.Zero);
        closed.Close(insideWindow);

        Assert.Equal(WindowState.NotPublished, draft.StateAt(insideWindow));
        Assert.Equal(WindowState.Closed, closed.StateAt(insideWindow));
    }

    [Fact]
    public void ReviseRules_OnceFrozen_IsRefused_AndNothingChanges()
    {
        var project = Project();
        var call = Published(project);
        call.Freeze(Now);
        var changed = CompleteRules() with { Amount = new AmountRule { RatePercent = 20m, CapPerApplication = 400m } };

        var ex = Assert.Throws<DomainException>(() => call.ReviseRules(changed));

        Assert.Equal(Call.FrozenMessage, ex.Message);
        Assert.True(call.Rules.SameAs(CompleteRules()));
    }

    [Fact]
    public void Amend_FrozenRules_AddsVersion2WithTheReason_AndLeavesVersion1AsItWas()
    {
        var project = Project();
        var call = Published(project);
        call.Freeze(Now);
        var by = Guid.NewGuid();
        var changed = CompleteRules() with { Amount = new AmountRule { RatePercent = 20m, CapPerApplication = 400m } };

        var v2 = call.Amend("Errore materiale nella percentuale", changed, by, Now.AddDays(1));

        Assert.Equal(2, v2.Number);
        Assert.Equal(2, call.CurrentVersionNumber);
        Assert.Equal("Errore materiale nella percentuale", v2.AmendmentReason);
        Assert.Equal(by, v2.CreatedBy);
        Assert.Equal(20m, call.Rules.Amount.RatePercent);
        var v1 = call.Versions.Single(v => v.Number == 1);
        Assert.True(v1.Rules.SameAs(CompleteRules()));
        Assert.Null(v1.AmendmentReason);
    }

    [Fact]
    public void Amend_IsRefused_OnADraft_WithoutReason_OrWhenNothingChanges_OrIncomplete()
    {
        var project = Project();
        var draft = CompleteDraft(project);
        var call = Published(project);
        var changed = CompleteRules() with { SelfDeclarations = ["di essere residente", "di non ricevere altri contributi"] };

        Assert.Equal("Il bando è in bozza: le regole si modificano direttamente, senza rettifica.", Assert.Throws<DomainException>(() => draft.Amend("motivo", changed, null, Now)).Message);
        call.Freeze(Now);
        Assert.Equal(Call.ReasonRequiredMessage, Assert.Throws<DomainException>(() => call.Amend("  ", changed, null, Now)).Message);
        Assert.Equal("La modifica non cambia nessuna regola.", Assert.Throws<DomainException>(() => call.Amend("motivo", CompleteRules(), null, Now)).Message);
        Assert.StartsWith("Le nuove regole non sono complete:", Assert.Throws<DomainException>(() => call.Amend("motivo", changed with { SelfDeclarations = [] }, null, Now)).Message, StringComparison.Ordinal);
        Assert.Single(call.Versions);
    }

    [Fact]
    public void Freeze_ADraft_IsRefused_AndFreezingTwiceKeepsTheFirstInstant()
    {
        var project = Project();
        var draft = CompleteDraft(project);
        Assert.Throws<DomainException>(() => draft.Freeze(Now));

        var call = Published(project);
        call.Freeze(Now);
        call.Freeze(Now.AddDays(3));

        Assert.Equal(Now, call.FrozenAt);
    }

    [Fact]
    public void Lifecycle_GoesDraftPublishedClosedRankedConcluded_InThatOrderOnly()
    {
        var project = Project();
        var call = CompleteDraft(project);
        Assert.Throws<DomainException>(() => call.Close(Now));

        call.Publish(project, Now, null);
        Assert.Throws<DomainException>(() => call.MarkRanked(Now));
        call.Close(Now.AddDays(40));
        Assert.Throws<DomainException>(() => call.Conclude(Now));
        call.MarkRanked(Now.AddDays(50));
        call.Conclude(Now.AddDays(300));

        Assert.Equal(CallStatus.Concluded, call.Status);
        Assert.Equal("Il bando è chiuso: non si modifica più.", Assert.Throws<DomainException>(() => call.Revise(Details(), project, NothingCommitted())).Message);
    }

    [Fact]
    public void AttachDocument_ThatIsNotAPdf_IsRefused_AndAfterFreezingToo()
    {
        var project = Project();
        var call = Call.CreateDraft(AllianceId, project, project.Action("B"), Details(), NothingCommitted(), Now, null);

        Assert.Equal("Il file non è un PDF: caricare un documento in formato PDF.", Assert.Throws<DomainException>(() => call.AttachDocument("bando.pdf", "MZ\u0090 not a pdf"u8.ToArray(), Now)).Message);
        Assert.False(call.HasDocument);

        var published = Published(project);
        published.Freeze(Now);
        Assert.Throws<DomainException>(() => published.AttachDocument("nuovo.pdf", Pdf, Now));
    }

    [Fact]
    public void SetProviders_WithoutAnAgreementInForceForTheAction_IsRefused()
    {
        var project = Project();
        var call = CompleteDraft(project);
        var provider = Provider.Create(AllianceId, Tests.Providers.ProviderTests.Details());
        provider.AddAgreement(new AgreementDetails(AgreementKind.Convenzione, "C-1", new DateOnly(2027, 1, 10), new DateOnly(2027, 1, 10), null, [project.Action("A")]));

        var ex = Assert.Throws<DomainException>(() => call.SetProviders([provider], new DateOnly(2027, 2, 15)));

        Assert.Equal("L'ente Asilo Nido Girotondo Srl non ha una convenzione o un accreditamento in vigore per l'azione B.", ex.Message);
        provider.AddAgreement(new AgreementDetails(AgreementKind.Accreditamento, "ACC-2", new DateOnly(2027, 1, 10), new DateOnly(2027, 1, 10), null, [project.Action("B")]));
        call.SetProviders([provider], new DateOnly(2027, 2, 15));
        Assert.Equal(provider.Id, Assert.Single(call.Providers).ProviderId);
    }
}
