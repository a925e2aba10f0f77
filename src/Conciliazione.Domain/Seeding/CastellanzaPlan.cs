using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Projects;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Seeding;

/// <summary>
/// The Castellanza alliance exactly as its 2017-2018 plan states it
/// (../shared/domain/project-plan-it.txt): municipalities, partners, the 2017-2018 project with
/// its actions, indicators, budget and co-financing, and the closed 2014-2016 project.
/// Idempotent: running it twice changes nothing; each part is added only when missing.
/// </summary>
/// <remarks>
/// Partner names are written in normal case (the plan writes them in capitals); the short action
/// titles are editorial, for citizens, while <see cref="ProjectAction.Description"/> keeps the
/// plan's wording. Rows C2 and E2 share merged cells with C1 and E1 in the plan (description,
/// integration, target groups, estimate), so they repeat those texts. Referents are fictional
/// (example.org): the plan's copy omits them.
/// </remarks>
public static class CastellanzaPlan
{
    public const string Slug = "castellanza";

    /// <summary>Fixed ids so demo links and tests can name the alliance.</summary>
    public static readonly Guid AllianceId = Guid.Parse("6f1c2b7e-0000-4000-8000-000000000001");

    public static readonly (string District, string Name, string Istat)[] Municipalities =
    [
        ("Ambito di Castellanza", "Fagnano Olona", "012067"),
        ("Ambito di Castellanza", "Castellanza", "012042"),
        ("Ambito di Castellanza", "Gorla Minore", "012079"),
        ("Ambito di Castellanza", "Gorla Maggiore", "012078"),
        ("Ambito di Castellanza", "Marnate", "012098"),
        ("Ambito di Castellanza", "Solbiate Olona", "012122"),
        ("Ambito di Castellanza", "Olgiate Olona", "012108"),
        ("Ambito di Somma Lombardo", "Arsago Seprio", "012005"),
        ("Ambito di Somma Lombardo", "Besnate", "012012"),
        ("Ambito di Somma Lombardo", "Cardano al Campo", "012032"),
        ("Ambito di Somma Lombardo", "Casorate Sempione", "012039"),
        ("Ambito di Somma Lombardo", "Ferno", "012068"),
        ("Ambito di Somma Lombardo", "Golasecca", "012077"),
        ("Ambito di Somma Lombardo", "Lonate Pozzolo", "012090"),
        ("Ambito di Somma Lombardo", "Somma Lombardo", "012123"),
        ("Ambito di Somma Lombardo", "Vizzola Ticino", "012140"),
    ];


    public static readonly Guid CurrentProjectId = Guid.Parse("6f1c2b7e-0000-4000-8000-000000000011");
    public static readonly Guid PreviousProjectId = Guid.Parse("6f1c2b7e-0000-4000-8000-000000000010");
    public const string CurrentProjectTitle = "La conciliazione...pronti, via sperimentiamo...";
    public const string PreviousProjectTitle = "La conciliazione...questa sconosciuta...impariamo a conoscerla";
    public const string LeadPartner = "Azienda Speciale Consortile Medio Olona Servizi alla Persona";

    public const decimal TotalCost = 60_741.00m;
    public const decimal RegionalContribution = 32_000.00m;
    public const decimal Cofinancing = 28_741.00m;
    public const decimal CashCofinancing = 8_050.00m;
    public const decimal InKindCofinancing = 20_691.00m;

    /// <summary>Partners in the plan's order, with their co-financing (cash, in kind) for 2017-2018.</summary>
    public static readonly (string Name, PartnerType Type, decimal Cash, decimal InKind, string Key)[] Partners =
    [
        (LeadPartner, PartnerType.EntePubblicoEconomico, 0m, 5_659.00m, "aziendamedioolona"),
        ("Comune di Marnate", PartnerType.EntePubblico, 1_550.00m, 2_028.00m, "marnate"),
        ("Comune di Fagnano Olona", PartnerType.EntePubblico, 2_000.00m, 2_028.00m, "fagnano"),
        ("Comune di Castellanza", PartnerType.EntePubblico, 500.00m, 2_028.00m, "castellanza"),
        ("Comune di Olgiate Olona", PartnerType.EntePubblico, 1_000.00m, 2_028.00m, "olgiate"),
        ("Comune di Solbiate Olona", PartnerType.EntePubblico, 500.00m, 864.00m, "solbiate"),
        ("Comune di Gorla Maggiore", PartnerType.EntePubblico, 1_000.00m, 2_028.00m, "gorlamaggiore"),
        ("Comune di Gorla Minore", PartnerType.EntePubblico, 500.00m, 2_028.00m, "gorlaminore"),
        ("Società Cooperativa Sociale Totem Onlus", PartnerType.Cooperativa, 0m, 0m, "totem"),
        ("Consorzio Cooperative Sociali - Società Cooperativa Onlus", PartnerType.Cooperativa, 0m, 0m, "ccs"),
        ("Società Cooperativa Sociale Dire Fare Giocare Onlus", PartnerType.Cooperativa, 0m, 0m, "direfaregiocare"),
        ("Ufficio di Piano di Somma Lombardo", PartnerType.EntePubblico, 1_000.00m, 2_000.00m, "udpsomma"),
        ("Cooperativa Sociale Il Seme", PartnerType.Cooperativa, 0m, 0m, "ilseme"),
    ];

    public static readonly (CostCategory Category, decimal Amount)[] BudgetLines =
    [
        (CostCategory.Staff, 34_784.00m),
        (CostCategory.GoodsAndSoftware, 0m),
        (CostCategory.Services, 2_056.00m),
        (CostCategory.Vouchers, 15_401.00m),
        (CostCategory.Overheads, 8_500.00m),
    ];

    public static readonly (string Code, ActionTexts Texts)[] Actions =
    [
        ("A", new ActionTexts(
            "Voucher per l'assistenza e il trasporto di persone fragili",
            Description: "Attività di assistenza, servizi di mobilità/trasporto per l'accesso a servizi rivolti a soggetti fragili e figli minori appartenenti a famiglie di lavoratori/lavoratrici con esigenze di conciliazione tra impegni lavorativi e carichi di assistenza, purché non già sostenuti da altri interventi e misure pubbliche",
            Modality: "Attraverso tavoli di concertazione con i soggetti (dell'Alleanza e non, pubblici e privati) che sul territorio offrono o potrebbero offrire i servizi di interesse, nell'ottica di implementare le reali possibilità di conciliazione e di concertare diversi servizi (es. baby-sitter, assistente professionale, assistente familiare, trasporto persone fragili), si prevede di stipulare convenzioni/contratti di accreditamento e di procedere successivamente tramite l'erogazione di voucher, volti a sostenere l'accesso a tali servizi, attraverso l'apertura di un bando di sensibilizzazione/publicizzazione con procedura che verrà successivamente definita",
            Integration: "Integrazione con le misure regionali di sostegno alla famiglia (Misura B1 e B2, Nidi Gratis, ecc) e con le altre iniziative regionali volte a implementare i servizi per la conciliazione (avviso regionale a valere sul FSE)",
            Objectives: "1. favorire la conciliazione tra il carico di cura e gli impegni lavorativi, in particolare per lavoratori che si occupano della cura di persone fragili (minori e adulti disabili e/o anziani) 2. concertare i servizi in modo da rispondere in modo territorialmente uniforme e in ottica globale ai bisogni delle famiglie e ottimizzare le risorse già esistenti sul territorio",
            TargetGroups: "Dipendenti dei soggetti aderenti all'Alleanza e cittadini residenti nel territorio del/degli Ambito/i che fanno parte dell'Alleanza",
            ExpectedResults: "n° convenzioni/contratti di accreditamento stipulati al fine di garantire servizi - n° servizi garantiti - n° famiglie beneficiarie dei servizi. Si stima di stipulare almeno 2 convenzioni/contratti di accreditamento e di raggiungere con tale azione almeno n° 2 famiglie")),
        ("B", new ActionTexts(
            "Voucher per i servizi all'infanzia",
            Description: "Supporto alle famiglie tramite l'erogazione di voucher per servizi di micronido, centro prima infanzia, nido famiglia, baby-sitting, baby-parking, ludoteca, altri servizi per l'infanzia anche integrativi della rete tradizionale e connotati dalla necessità di soddisfare esigenze particolari di flessibilità nella organizzazione del lavoro",
            Modality: "Si prevede di pubblicare avvisi per l'erogazione di voucher per sostenere la frequenza di nidi che non rientrano nella misura \"Nidi Gratis\" di Regione Lombardia e per sostenere le spese effettuate per usufruire di servizi di conciliazione vita-lavoro (centri estivi, baby-sitting, ludoteche, etc) con procedura di accreditamento/convenzione che verrà successivamente definita",
            Integration: "Integrazione con le politiche regionali di sostegno alla famiglia",
            Objectives: "Sostenere i genitori lavoratori nell'organizzazione della vita familiare e favorire la conciliazione degli impegni di cura e lavorativi",
            TargetGroups: "Dipendenti dei soggetti aderenti all'Alleanza e cittadini residenti nel territorio del/degli Ambito/i che fanno parte dell'Alleanza",
            ExpectedResults: "n. famiglie beneficiarie dei voucher - incremento utilizzo dei servizi di conciliazione. Si stima di raggiungere con questa azione almeno n° 7 famiglie")),
        ("C1", new ActionTexts(
            "Smart working: informazione e sensibilizzazione",
            Description: "Adozione di modalità di lavoro flessibili (smart working e co-working)",
            Modality: "Si prevede una prima fase di sensibilizzazione/introduzione allo smart working attraverso l'organizzazione di giornate informative/workshop, rivolte alle figure chiave dei soggetti coinvolti, realizzate da consulente tecnico",
            Integration: "Integrazione con le politiche per le pari opportunità",
            Objectives: "Sensibilizzare e introdurre un'innovativa modalità di lavoro nel pubblico impiego, anche in riferimento a quanto previsto dalla riforma Madia",
            TargetGroups: "Soggetti pubblici dell'Alleanza e loro dipendenti",
            ExpectedResults: "n° di soggetti coinvolti nel processo di informazione/sensibilizzazione all'adozione dello smart working. Si stima di raggiungere con tale azione n° 10 soggetti pubblici e almeno 1 dipendente per soggetto che sperimenta lo smart working")),
        ("C2", new ActionTexts(
            "Smart working: sperimentazione accompagnata",
            Description: "Adozione di modalità di lavoro flessibili (smart working e co-working)",
            Modality: "Nella seconda fase si prevede di organizzare giornate di accompagnamento e supporto alla introduzione/realizzazione di tale modalità di lavoro per i soggetti che aderiscono alla sperimentazione, realizzate da consulente tecnico",
            Integration: "Integrazione con le politiche per le pari opportunità",
            Objectives: "Sperimentare l'introduzione dello smart working e l'efficacia di tale modalità di lavoro sia in termini di produttività che in termini di sviluppo del welfare aziendale e quindi di maggior benessere dei dipendenti nonché accompagnare/supportare i soggetti che aderiscono alla sperimentazione nell'introduzione dello smart working",
            TargetGroups: "Soggetti pubblici dell'Alleanza e loro dipendenti",
            ExpectedResults: "n° di soggetti che aderiscono alla sperimentazione - n° di dipendenti che sperimentano lo smart working. Si stima di raggiungere con tale azione n° 10 soggetti pubblici e almeno 1 dipendente per soggetto che sperimenta lo smart working")),
        ("D", new ActionTexts(
            "Contratti territoriali e accordi di secondo livello",
            Description: "Realizzazione di contratti territoriali e accordi di secondo livello anche a seguito di accompagnamento e supporto di micro, piccole e medie imprese, reti di imprese e aziende di cura pubbliche e private",
            Modality: "Si prevede di introdurre piani di congedo, piani di flessibilità aziendale e adozione di misure flessibili di lavoro (smart working, co-working) in contratti territoriali e accordi di secondo livello",
            Integration: "Integrazione con le politiche per le pari opportunità",
            Objectives: "Favorire il riconoscimento della necessità umana e quotidiana di integrare famiglia e lavoro, implementando sempre più la sensibilizzazione verso il tema, promuovendo la messa a sistema delle politiche di conciliazione e degli strumenti di welfare aziendale sperimentati",
            TargetGroups: "Soggetti dell'Alleanza e loro dipendenti - ulteriori micro, piccole e medie imprese, reti di imprese e aziende di cura pubbliche e private che si coinvolgono nella realizzazione del progetto",
            ExpectedResults: "n° di soggetti che introducono in contratti territoriali e accordi di secondo livello politiche di conciliazione e strumenti di welfare aziendale - n° di dipendenti beneficiari di tale introduzione. Si stima che almeno 2 soggetti introducano nei contratti territoriali e accordi di secondo livello piani di congedo, piani di flessibilità aziendale e adozione di misure flessibili di lavoro")),
        ("E1", new ActionTexts(
            "Piani di conciliazione per nuove imprese ed enti",
            Description: "Realizzazione di piani di congedo, piani di flessibilità aziendale e adozione di misure flessibili di lavoro attraverso l'accompagnamento, il supporto, iniziative di formazione a favore di micro, piccole e medie imprese, reti di imprese e aziende di cura pubbliche e private",
            Modality: "Si prevede di realizzare azioni volte a : a) sensibilizzare la realtà territoriale sul tema 1.b) ricercare e individuare nuovi soggetti interessati alla realizzazione di piani di congedo, piani di flessibilità aziendale e adozione di misure flessibili di lavoro 1.c) accompagnare e supportare i nuovi soggetti interessati nello sviluppo di piani di congedo, piani di flessibilità aziendale e adozione di misure flessibili di lavoro - realizzate dal facilitatore per la conciliazione",
            Integration: "Integrazione con le politiche per le pari opportunità",
            Objectives: "Nell'ottica della creazione di un distretto famiglia, favorire la condivisione e l'adozione di politiche e buone prassi di conciliazione vita-lavoro 1. promuovere la conoscenza e lo sviluppo di politiche di conciliazione vita-lavoro e di welfare aziendale nonché delle opportunità che tali politiche offrono sia a favore delle imprese che dei lavoratori 2. sensibilizzare il territorio sul tema raggiungendo ulteriori soggetti e coinvolgendoli nella realizzazione del progetto",
            TargetGroups: "Soggetti dell'Alleanza e loro dipendenti - ulteriori micro, piccole e medie imprese, reti di imprese e aziende di cura pubbliche e private che si coinvolgono nella realizzazione del progetto",
            ExpectedResults: "n° di nuovi soggetti raggiunti e interessati alla conciliazione interessati nello sviluppo di piani di congedo, piani di flessibilità aziendale e adozione di misure flessibili di lavoro - n° di dipendenti di tali nuovi soggetti. Si stima di raggiungere almeno 2 nuovi soggetti")),
        ("E2", new ActionTexts(
            "Prosecuzione dei percorsi di conciliazione avviati",
            Description: "Realizzazione di piani di congedo, piani di flessibilità aziendale e adozione di misure flessibili di lavoro attraverso l'accompagnamento, il supporto, iniziative di formazione a favore di micro, piccole e medie imprese, reti di imprese e aziende di cura pubbliche e private",
            Modality: "Si prevede di realizzare azioni volte ad accompagnare e supportare i soggetti che intendono proseguire/migliorare i percorsi di sviluppo e implementazione di politiche e buone prassi di conciliazione vita-lavoro attivati nel precedente progetto realizzato dall'Alleanza: a) attraverso lo sviluppo e l'adozione di un piano di conciliazione aziendale - accompagnati dal facilitatore per la conciliazione; b) attraverso il mantenimento della certificazione family audit",
            Integration: "Integrazione con le politiche per le pari opportunità",
            Objectives: "Proseguire i percorsi avviati con il precedente progetto mantenendo e implementando la sensibilizzazione sul tema della conciliazione e l'adozione di strumenti volti a sostenerla",
            TargetGroups: "Soggetti dell'Alleanza e loro dipendenti - ulteriori micro, piccole e medie imprese, reti di imprese e aziende di cura pubbliche e private che si coinvolgono nella realizzazione del progetto",
            ExpectedResults: "n° di soggetti che proseguono i percorsi già avviati. Si stima che almeno 1 soggetto prosegua il percorso di conciliazione precedentemente iniziato")),
    ];

    /// <summary>Result indicators per action, from the plan's "Risultati attesi" table.</summary>
    public static readonly (string Action, string Name, string Unit, string? Target, IndicatorSource Source, string? Computation)[] Indicators =
    [
        ("A", "Convenzioni/contratti di accreditamento stipulati per garantire i servizi", "convenzioni", ">= 2", IndicatorSource.Computed, IndicatorComputations.ActiveAgreements),
        ("A", "Servizi garantiti", "servizi", null, IndicatorSource.Computed, IndicatorComputations.ServicesFunded),
        ("A", "Famiglie beneficiarie dei servizi", "famiglie", ">= 2", IndicatorSource.Computed, IndicatorComputations.FamiliesWithVoucher),
        ("B", "Famiglie beneficiarie dei voucher", "famiglie", ">= 7", IndicatorSource.Computed, IndicatorComputations.FamiliesWithVoucher),
        ("B", "Incremento dell'utilizzo dei servizi di conciliazione", "utilizzi", null, IndicatorSource.Manual, null),
        ("C1", "Soggetti coinvolti nell'informazione/sensibilizzazione all'adozione dello smart working", "soggetti pubblici", ">= 10", IndicatorSource.Manual, null),
        ("C2", "Soggetti che aderiscono alla sperimentazione", "soggetti", null, IndicatorSource.Manual, null),
        ("C2", "Dipendenti che sperimentano lo smart working", "dipendenti per soggetto aderente", ">= 1", IndicatorSource.Manual, null),
        ("D", "Soggetti che introducono politiche di conciliazione e strumenti di welfare aziendale in contratti territoriali e accordi di secondo livello", "soggetti", ">= 2", IndicatorSource.Manual, null),
        ("D", "Dipendenti beneficiari dell'introduzione", "dipendenti", null, IndicatorSource.Manual, null),
        ("E1", "Nuovi soggetti raggiunti e interessati allo sviluppo di piani di congedo, di flessibilità aziendale e di misure flessibili di lavoro", "soggetti", ">= 2", IndicatorSource.Manual, null),
        ("E1", "Dipendenti dei nuovi soggetti", "dipendenti", null, IndicatorSource.Manual, null),
        ("E2", "Soggetti che proseguono i percorsi già avviati", "soggetti", ">= 1", IndicatorSource.Manual, null),
    ];

    private const string Aims =
        "L'Alleanza locale si propone di proseguire il processo avviato con la precedente esperienza volto a favorire la diffusione di politiche di conciliazione vita-lavoro promuovendo la conoscenza e sensibilizzazione sul tema della conciliazione, raggiungendo il maggior numero possibile di soggetti (pubblici e privati) sul territorio e stimolando una partecipazione degli stessi ad un percorso che vede, da un lato, l'approfondimento della conoscenza circa le opportunità che tali politiche offrono, sia per le imprese che per i lavoratori (in termini di incentivi e di maggior efficienza e maggior benessere del/la lavoratore/lavoratrice), dall'altro la possibilità di avviare un processo volto a realizzare piani di congedo, di flessibilità e/o adozione di modalità di lavoro flessibili, nonché ad introdurre tali strumenti nei contratti territoriali e negli accordi di secondo livello, formalizzando l'attenzione al, e il riconoscimento del, bisogno/diritto alla conciliazione vita-lavoro. In particolare, in riferimento agli indirizzi che si vanno delineando per il pubblico impiego (riforma Madia- introduzione di modalità di lavoro flessibili, quali co-working e smart working) il progetto si propone di introdurre, rivolgendosi inizialmente agli enti pubblici, anche realizzando una sperimentazione, innovative modalità di lavoro, in particolare ponendo attenzione all'ottimizzazione del rapporto tra tempo orario e tempo servizio e al tema della eco-sostenibilità, precorrendo sui tempi possibili previsioni normative e garantendo così un percorso di avvicinamento e accompagnamento al cambiamento graduale. Accanto a tali azioni e finalità, rivolte in modo particolare alle imprese (pubbliche e private) ma di riflesso anche e sempre alle persone, lavoratori/lavoratrici, e alle loro famiglie, il progetto dell'Alleanza si propone di supportare i lavoratori e le lavoratrici, che sono genitori, figli e comunque parte di una famiglia, nell'organizzazione e gestione del complicato, ma non impossibile, impegno di conciliare famiglia e lavoro, da un lato promuovendo lo sviluppo e l'implementazione di servizi concertati a livello d'Ambito che riescano a dare risposta ai bisogni di conciliazione di lavoratori e lavoratrici che si prendono cura di persone (minori e adulti disabili o anziani non autosufficienti) fragili o figli minori e, dall'altro, garantendo loro un sostegno concreto nella fruizione dei servizi di conciliazione esistenti, sia in raccordo con il potenziamento degli stessi, previsto nell'ambito del Piano di conciliazione attraverso altri canali (FSE), sia raggiungendo target non sostenuti da altre misure (es. Nidi Gratis). L'Alleanza si propone, quindi, di incrementare la diffusione della cultura della conciliazione sia attraverso le imprese sia attraverso la cittadinanza, nell'ambizioso progetto di costruire un distretto famiglia, sensibile alla conciliazione vita-lavoro e attivo nel permettere tale co-esistenza. Ulteriori ma non seconde finalità che l'Alleanza si propone di perseguire riguardano una sempre maggiore conoscenza del territorio, dei suoi bisogni e delle sue risorse, anche in riferimento alla viabilità, per sviluppare e implementare servizi di trasporto, anche nell'ottica di riuscire a conciliare orari di lavoro e orari di vita.";

    public static async Task SeedAsync(AppDbContext db, CancellationToken ct = default)
    {
        await SeedAllianceAsync(db, ct);
        await SeedPartnersAsync(db, ct);
        await SeedCurrentProjectAsync(db, ct);
        await SeedPreviousProjectAsync(db, ct);
    }

    private static async Task SeedAllianceAsync(AppDbContext db, CancellationToken ct)
    {
        if (await db.Alliances.AnyAsync(a => a.Id == AllianceId, ct))
        {
            return;
        }

        var alliance = new Alliance
        {
            Id = AllianceId,
            Slug = Slug,
            Name = "Alleanza locale di Castellanza",
            LeadPartnerName = LeadPartner,
            Description = "Alleanza locale per la conciliazione famiglia-lavoro degli Ambiti di Castellanza e di Somma Lombardo (circa 140.000 abitanti).",
        };
        foreach (var group in Municipalities.GroupBy(m => m.District))
        {
            var district = new District { Id = Guid.NewGuid(), AllianceId = AllianceId, Name = group.Key };
            foreach (var m in group)
            {
                district.Municipalities.Add(new Municipality { Id = Guid.NewGuid(), AllianceId = AllianceId, Name = m.Name, IstatCode = m.Istat });
            }

            alliance.Districts.Add(district);
        }

        db.Alliances.Add(alliance);
        await db.SaveChangesAsync(ct);
    }

    private static async Task SeedPartnersAsync(AppDbContext db, CancellationToken ct)
    {
        if (await db.Partners.AnyAsync(p => p.AllianceId == AllianceId, ct))
        {
            return;
        }

        foreach (var (name, type, _, _, key) in Partners)
        {
            var partner = Partner.Create(Guid.NewGuid(), AllianceId, name, type, isLeadPartner: name == LeadPartner);
            partner.AddContact("Referente demo " + key, "Referente per la conciliazione", $"referente.{key}@example.org", null);
            db.Partners.Add(partner);
        }

        await db.SaveChangesAsync(ct);
    }

    private static async Task SeedCurrentProjectAsync(AppDbContext db, CancellationToken ct)
    {
        if (await db.Projects.AnyAsync(p => p.Id == CurrentProjectId, ct))
        {
            return;
        }

        var project = Project.Create(CurrentProjectId, AllianceId, CurrentProjectTitle,
            "Piano territoriale di conciliazione 2017-2018 (Regione Lombardia, DGR X/5969/2016, ATS Insubria)",
            new DateOnly(2017, 1, 1), new DateOnly(2018, 12, 31));
        project.Revise(project.Title, project.Programme, Aims, project.StartDate, project.EndDate);
        project.SetFunding(TotalCost, RegionalContribution, Cofinancing, CashCofinancing, InKindCofinancing);
        foreach (var (category, amount) in BudgetLines)
        {
            project.SetBudgetLine(category, amount, BudgetCommitments.None);
        }

        var partners = await db.Partners.Where(p => p.AllianceId == AllianceId).ToDictionaryAsync(p => p.Name, p => p.Id, ct);
        foreach (var (name, _, cash, inKind, _) in Partners)
        {
            project.SetCofinancing(partners[name], cash, inKind);
        }

        foreach (var (code, texts) in Actions)
        {
            var action = project.AddAction(code, texts);
            foreach (var i in Indicators.Where(i => i.Action == code))
            {
                if (!Indicator.TryParseTarget(i.Target, out var comparison, out var target, out var error))
                {
                    throw new InvalidOperationException(error);
                }

                project.AddIndicator(action.Id, i.Name, i.Unit, comparison, target, i.Source, i.Computation);
            }
        }

        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
    }

    private static async Task SeedPreviousProjectAsync(AppDbContext db, CancellationToken ct)
    {
        if (await db.Projects.AnyAsync(p => p.Id == PreviousProjectId, ct))
        {
            return;
        }

        // The plan states the period (triennio 2014/2016), the closing date and the results; it
        // gives no budget detail, so none is recorded.
        var project = Project.Create(PreviousProjectId, AllianceId, PreviousProjectTitle,
            "Piano territoriale di conciliazione 2014-2016 (Regione Lombardia)",
            new DateOnly(2014, 1, 1), new DateOnly(2016, 12, 31));
        project.Close(new DateOnly(2017, 1, 15),
            "Ha utilizzato tutte le risorse assegnate, coinvolto 15 imprese in percorsi di sensibilizzazione/accompagnamento/supporto per la realizzazione di piani di conciliazione aziendali (compreso un percorso di certificazione family audit) e circa 400 persone, tra dipendenti dei soggetti dell'alleanza e i cittadini residenti, avvalendosi dell'erogazione di voucher per l'acquisto di servizi di conciliazione.");
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
    }
}
