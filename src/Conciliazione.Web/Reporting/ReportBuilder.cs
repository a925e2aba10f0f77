using Conciliazione.Domain.Alliances;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Reporting;
using Conciliazione.Domain.Vouchers;
using Conciliazione.Web.Exports;
using Conciliazione.Web.Infrastructure;
using Conciliazione.Web.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Reporting;

/// <summary>
/// Gathers the content of a monitoring report from the portal's records (issue 16): the alliance
/// and its partners; each action with objectives, indicators against targets and evidence; the
/// calls; spending and co-financing against the plan; the meetings. Reads through the same services
/// as the pages (<see cref="IndicatorBoard"/>, <see cref="SpendingReport"/>), so the report and the
/// pages agree. What each section holds and where its figures come from: Reporting/README.md.
/// </summary>
/// <remarks>
/// Every figure is a cell of one of the sections' tables (or the total of a column the PDF prints
/// under a table listed in <see cref="ReportSection.TotalledTables"/>): the tables are the data
/// downloads, so each figure can be checked against them. Paragraphs carry no computed figure.
/// Nothing personal: counts and euros per call, partners by name, never a family. The records are read
/// through <see cref="ReadDatabase"/>, the read replica when there is one (ADR 0148); the report row itself
/// (progress, files) is written by <see cref="ReportGenerator"/> on the primary.
/// </remarks>
public sealed class ReportBuilder(ReadDatabase read)
{
    private AppDbContext db = null!;
    private IndicatorBoard indicators = null!;
    private SpendingReport spending = null!;

    public const string NoActivity = "Nessuna attività nel periodo.";

    public async Task<ReportContent> BuildAsync(MonitoringReport report, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        db = await read.GetAsync(ct);
        indicators = new IndicatorBoard(db);
        spending = new SpendingReport(db);
        var alliance = await db.Alliances.AsNoTracking().SingleAsync(a => a.Id == report.AllianceId, ct);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == report.ProjectId, ct);
        var window = new Window(report.PeriodStart, report.PeriodEnd);

        var partnership = await PartnershipAsync(alliance, ct);
        var (actions, indicatorActivity) = await ActionsAsync(report, window, now, ct);
        var (calls, callActivity) = await CallsAsync(report.ProjectId, window, ct);
        var (money, spendingActivity) = await SpendingAsync(report, window, ct);
        var (meetings, meetingActivity) = await MeetingsAsync(report, window, ct);

        return new ReportContent(
            alliance.Name,
            alliance.LeadPartnerName,
            project.Title,
            report.PeriodKey,
            report.Period.Label,
            report.PeriodStart,
            report.PeriodEnd,
            report.Version,
            now,
            [partnership, actions, calls, money, meetings])
        {
            IsEmpty = !(indicatorActivity || callActivity || spendingActivity || meetingActivity),
        };
    }

    /// <summary>The alliance and its partners: name, type, role.</summary>
    private async Task<ReportSection> PartnershipAsync(Alliance alliance, CancellationToken ct)
    {
        var partners = await db.Partners.AsNoTracking()
            .Where(p => p.AllianceId == alliance.Id)
            .OrderByDescending(p => p.IsLeadPartner).ThenBy(p => p.Name)
            .Select(p => new { p.Name, p.Type, p.IsLeadPartner })
            .ToListAsync(ct);
        return new ReportSection(
            "partenariato",
            "Il partenariato",
            [$"{alliance.Name}: ente capofila {alliance.LeadPartnerName}. L'alleanza riunisce gli enti partner elencati nella tabella."],
            [new ExportTable(
                "partner",
                "Partner dell'alleanza",
                [new ExportColumn("Partner"), new ExportColumn("Tipo"), new ExportColumn("Ruolo")],
                [.. partners.Select(p => Row(p.Name, PartnerTypes.Italian(p.Type), p.IsLeadPartner ? "Capofila" : "Partner"))])],
            []);
    }

    /// <summary>
    /// Each action with its objectives, then its indicators against their targets at the period's end
    /// (cumulative, ADR 0095: the half-year that holds the period's last day) with the evidence.
    /// </summary>
    private async Task<(ReportSection Section, bool Activity)> ActionsAsync(MonitoringReport report, Window window, DateTimeOffset now, CancellationToken ct)
    {
        var actions = await db.ProjectActions.AsNoTracking().Where(a => a.ProjectId == report.ProjectId).OrderBy(a => a.SortOrder)
            .Select(a => new { a.Id, a.Code, a.Title, a.Objectives }).ToListAsync(ct);
        var half = MonitoringPeriod.Containing(report.PeriodEnd);
        var rows = await indicators.ForProjectAsync(report.ProjectId, half, DateOnly.FromDateTime(RomeTime.ToRome(now).DateTime), ct);
        var recorded = await db.IndicatorValues.AsNoTracking()
            .AnyAsync(v => v.ProjectId == report.ProjectId && v.SupersededAt == null && v.PeriodStart >= window.Start && v.PeriodStart <= window.End, ct);

        var tables = new List<ExportTable>
        {
            new("azioni", "Azioni del progetto e obiettivi",
                [new ExportColumn("Azione"), new ExportColumn("Titolo"), new ExportColumn("Obiettivi")],
                [.. actions.Select(a => Row(a.Code, a.Title, a.Objectives ?? ""))]),
        };
        foreach (var action in actions)
        {
            var own = rows.Where(r => r.ActionId == action.Id).ToList();
            if (own.Count == 0)
            {
                continue;
            }

            tables.Add(new ExportTable(
                "indicatori-" + FileSafe(action.Code),
                $"Azione {action.Code} - indicatori al {Day(half.End)}",
                [
                    new ExportColumn("Indicatore"), new ExportColumn("Unità"), new ExportColumn("Obiettivo"), new ExportColumn("Valore", ExportKind.Integer),
                    new ExportColumn("Raggiunto"), new ExportColumn("Fonte"), new ExportColumn("Evidenza"),
                ],
                [.. own.Select(r => Row(
                    r.Name,
                    r.Unit,
                    r.TargetText ?? "",
                    r.Value,
                    r.Met switch { true => "Sì", false => "No", null => "Non rilevato" },
                    r.Source == IndicatorSource.Computed ? "Calcolato dai dati del portale" : "Rilevato dal capofila",
                    Evidence(r)))]));
        }

        var paragraphs = new List<string>
        {
            $"Gli indicatori sono cumulativi dall'inizio del progetto alla fine del {half.Label} ({Day(half.End)}): quelli calcolati sono contati dai dati del portale, gli altri sono rilevati dal capofila con la loro evidenza.",
        };
        return (new ReportSection("azioni", "Azioni, obiettivi e indicatori", paragraphs, tables, []), recorded);
    }

    /// <summary>Per call, what happened in the period: applications, admissions, grants, vouchers, receipts, payouts (counts and euros).</summary>
    private async Task<(ReportSection Section, bool Activity)> CallsAsync(Guid projectId, Window window, CancellationToken ct)
    {
        var calls = await db.Calls.AsNoTracking().Where(c => c.ProjectId == projectId && c.Status != CallStatus.Draft)
            .OrderBy(c => c.ReferenceNumber).Select(c => new { c.Id, c.ReferenceNumber, c.Title, c.ActionCode }).ToListAsync(ct);
        var callIds = calls.Select(c => c.Id).ToList();
        var (since, until) = (window.From, window.To);

        var submitted = await db.Applications.AsNoTracking()
            .Where(a => callIds.Contains(a.CallId) && a.SubmittedAt >= since && a.SubmittedAt < until)
            .GroupBy(a => a.CallId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var admitted = await db.Applications.AsNoTracking()
            .Where(a => callIds.Contains(a.CallId) && a.History.Any(h => h.To == ApplicationStatus.Admitted && h.At >= since && h.At < until))
            .GroupBy(a => a.CallId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var granted = await db.Grants.AsNoTracking()
            .Where(g => callIds.Contains(g.CallId) && g.GrantedAt >= since && g.GrantedAt < until)
            .GroupBy(g => g.CallId).Select(g => new { g.Key, N = g.Count(), Euros = g.Sum(x => x.Amount) }).ToDictionaryAsync(x => x.Key, ct);
        var vouchers = await db.Vouchers.AsNoTracking()
            .Where(v => callIds.Contains(v.CallId) && v.IssuedAt >= since && v.IssuedAt < until)
            .GroupBy(v => v.CallId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        var receipts = await (from r in db.Receipts.AsNoTracking()
                              join v in db.Vouchers.AsNoTracking() on r.VoucherId equals v.Id
                              where callIds.Contains(v.CallId) && r.Status == ReceiptStatus.Validated && r.ReviewedAt >= since && r.ReviewedAt < until
                              group r by v.CallId into g
                              select new { g.Key, N = g.Count(), Euros = g.Sum(x => x.EligibleAmount ?? 0m) }).ToDictionaryAsync(x => x.Key, ct);
        var payouts = await (from l in db.PayoutLines.AsNoTracking()
                             join b in db.PayoutBatches.AsNoTracking() on l.BatchId equals b.Id
                             where callIds.Contains(l.CallId) && b.Status == PayoutBatchStatus.Paid && b.ValueDate >= window.Start && b.ValueDate <= window.End
                             group l by l.CallId into g
                             select new { g.Key, N = g.Count(), Euros = g.Sum(x => x.Gross) }).ToDictionaryAsync(x => x.Key, ct);

        var active = calls.Where(c => submitted.ContainsKey(c.Id) || admitted.ContainsKey(c.Id) || granted.ContainsKey(c.Id) || vouchers.ContainsKey(c.Id)
            || receipts.ContainsKey(c.Id) || payouts.ContainsKey(c.Id)).ToList();
        if (active.Count == 0)
        {
            return (new ReportSection("bandi", "I bandi", [NoActivity], [], []), false);
        }

        var applications = new ExportTable(
            "bandi-domande",
            "Domande, ammissioni, contributi e voucher nel periodo",
            [
                new ExportColumn("Bando"), new ExportColumn("Azione"), new ExportColumn("Domande presentate", ExportKind.Integer),
                new ExportColumn("Domande ammesse", ExportKind.Integer), new ExportColumn("Contributi concessi", ExportKind.Integer),
                new ExportColumn("Euro concessi", ExportKind.Euros), new ExportColumn("Voucher emessi", ExportKind.Integer),
            ],
            [.. active.Select(c => Row(
                $"{c.ReferenceNumber} - {c.Title}",
                c.ActionCode,
                submitted.GetValueOrDefault(c.Id),
                admitted.GetValueOrDefault(c.Id),
                granted.TryGetValue(c.Id, out var g) ? g.N : 0,
                g?.Euros ?? 0m,
                vouchers.GetValueOrDefault(c.Id)))]);
        var reimbursements = new ExportTable(
            "bandi-rimborsi",
            "Giustificativi validati e rimborsi pagati nel periodo",
            [
                new ExportColumn("Bando"), new ExportColumn("Giustificativi validati", ExportKind.Integer), new ExportColumn("Euro ammessi", ExportKind.Euros),
                new ExportColumn("Rimborsi pagati", ExportKind.Integer), new ExportColumn("Euro pagati", ExportKind.Euros),
            ],
            [.. active.Select(c => Row(
                $"{c.ReferenceNumber} - {c.Title}",
                receipts.TryGetValue(c.Id, out var r) ? r.N : 0,
                r?.Euros ?? 0m,
                payouts.TryGetValue(c.Id, out var p) ? p.N : 0,
                p?.Euros ?? 0m))]);

        var paragraphs = new List<string>
        {
            "Per ogni bando con attività nel periodo: le domande presentate, le domande ammesse, i contributi concessi, i voucher emessi, i giustificativi validati e i rimborsi pagati (per data di valuta). Il rapporto riporta solo conteggi e importi, mai dati delle famiglie.",
        };
        return (new ReportSection("bandi", "I bandi", paragraphs, [applications, reimbursements],
            [
                ReportCharts.Bars(applications, "Domande e contributi per bando", "Domande presentate", "Domande ammesse", "Contributi concessi"),
                ReportCharts.Bars(reimbursements, "Importi ammessi e pagati per bando", "Euro ammessi", "Euro pagati"),
            ])
        {
            TotalledTables = [applications.Id, reimbursements.Id],
        }, true);
    }

    /// <summary>Spending by cost category and by funding source, co-financing by partner: in the period and up to its end, against the plan.</summary>
    private async Task<(ReportSection Section, bool Activity)> SpendingAsync(MonitoringReport report, Window window, CancellationToken ct)
    {
        var atEnd = await spending.ForProjectAsync(report.AllianceId, report.ProjectId, window.End, ct)
            ?? throw new InvalidOperationException("Project not found for the report.");
        var before = await spending.ForProjectAsync(report.AllianceId, report.ProjectId, window.Start.AddDays(-1), ct)
            ?? throw new InvalidOperationException("Project not found for the report.");
        var end = Day(window.End);

        var categories = new ExportTable(
            "spesa-categorie",
            "Spesa per voce di costo",
            [
                new ExportColumn("Voce di costo"), new ExportColumn("Prevista", ExportKind.Euros), new ExportColumn("Dopo le riallocazioni", ExportKind.Euros),
                new ExportColumn("Spesa nel periodo", ExportKind.Euros), new ExportColumn($"Spesa al {end}", ExportKind.Euros), new ExportColumn("Residuo", ExportKind.Euros),
            ],
            [.. atEnd.Categories.Select(c => Row(
                CostCategories.Label(c.Category),
                c.Planned,
                c.Current,
                c.Spent - before.Categories.Single(b => b.Category == c.Category).Spent,
                c.Spent,
                c.Left))]);
        var sources = new ExportTable(
            "fonti-finanziamento",
            "Fonti di finanziamento",
            [
                new ExportColumn("Fonte"), new ExportColumn("Previsto", ExportKind.Euros), new ExportColumn("Effettivo nel periodo", ExportKind.Euros),
                new ExportColumn($"Effettivo al {end}", ExportKind.Euros), new ExportColumn("Residuo", ExportKind.Euros),
            ],
            [.. atEnd.Sources.Select(s => Row(s.Name, s.Planned, s.Actual - before.Sources.Single(b => b.Name == s.Name).Actual, s.Actual, s.Left))]);
        var partners = new ExportTable(
            "cofinanziamento-partner",
            "Cofinanziamento per ente partner",
            [
                new ExportColumn("Ente partner"), new ExportColumn("Monetario promesso", ExportKind.Euros), new ExportColumn($"Monetario versato al {end}", ExportKind.Euros),
                new ExportColumn("Valorizzazioni promesse", ExportKind.Euros), new ExportColumn($"Valorizzazioni apportate al {end}", ExportKind.Euros),
                new ExportColumn("Apportato nel periodo", ExportKind.Euros),
            ],
            [.. atEnd.Partners.Select(p =>
            {
                var earlier = before.Partners.FirstOrDefault(b => b.PartnerId == p.PartnerId);
                return Row(p.Name, p.PromisedCash, p.ProvidedCash, p.PromisedInKind, p.ProvidedInKind, p.Provided - (earlier?.Provided ?? 0m));
            })]);

        var activity = atEnd.Spent != before.Spent || atEnd.Partners.Sum(p => p.Provided) != before.Partners.Sum(p => p.Provided);
        var paragraphs = new List<string>();
        if (!activity)
        {
            paragraphs.Add(NoActivity + " Le tabelle riportano il piano e quanto registrato fino alla fine del periodo.");
        }

        paragraphs.Add("La spesa delle voci A, B, C ed E è la somma dei costi registrati con la loro data; la voce D è quanto rimborsato con i voucher (distinte pagate, per data di valuta) meno quanto recuperato. Il contributo regionale effettivo è la spesa non coperta dal cofinanziamento.");
        return (new ReportSection("spesa", "Spesa e cofinanziamento", paragraphs, [categories, sources, partners],
            [
                ReportCharts.Bars(categories, "Spesa per voce di costo", "Prevista", "Dopo le riallocazioni", $"Spesa al {end}"),
                ReportCharts.Bars(sources, "Fonti di finanziamento", "Previsto", $"Effettivo al {end}"),
                ReportCharts.Bars(partners, "Cofinanziamento per ente partner", "Monetario promesso", $"Monetario versato al {end}", "Valorizzazioni promesse", $"Valorizzazioni apportate al {end}"),
            ])
        {
            TotalledTables = [categories.Id, sources.Id, partners.Id],
        }, activity);
    }

    /// <summary>The meetings of the period (held, or planned and not cancelled), partners present and the minutes.</summary>
    private async Task<(ReportSection Section, bool Activity)> MeetingsAsync(MonitoringReport report, Window window, CancellationToken ct)
    {
        var meetings = (await db.Meetings.AsNoTracking().Include(m => m.Attendees)
                .Where(m => m.ProjectId == report.ProjectId && m.Status != MeetingStatus.Cancelled
                    && (m.HeldOn ?? m.PlannedOn) >= window.Start && (m.HeldOn ?? m.PlannedOn) <= window.End)
                .ToListAsync(ct))
            .OrderBy(m => m.HeldOn ?? m.PlannedOn).ThenBy(m => m.Title, StringComparer.Ordinal).ToList();
        if (meetings.Count == 0)
        {
            return (new ReportSection("incontri", "Incontri del partenariato", [NoActivity], [], []), false);
        }

        var names = await db.Partners.AsNoTracking().Where(p => p.AllianceId == report.AllianceId).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var list = new ExportTable(
            "incontri",
            "Incontri del periodo",
            [
                new ExportColumn("Data", ExportKind.Date), new ExportColumn("Incontro"), new ExportColumn("Stato"),
                new ExportColumn("Partner presenti", ExportKind.Integer), new ExportColumn("Partner assenti", ExportKind.Integer), new ExportColumn("Verbale"),
            ],
            [.. meetings.Select(m => Row(
                m.HeldOn ?? m.PlannedOn,
                m.Title,
                m.Status == MeetingStatus.Held ? "Svolto" : "Programmato",
                m.Attendees.Count(a => a.PartnerId is not null && a.Present),
                m.Attendees.Count(a => a.PartnerId is not null && !a.Present),
                Minutes(m)))]);
        var attendance = new ExportTable(
            "presenze",
            "Presenze degli enti partner",
            [new ExportColumn("Data", ExportKind.Date), new ExportColumn("Incontro"), new ExportColumn("Ente partner"), new ExportColumn("Presente")],
            [.. meetings.Where(m => m.Status == MeetingStatus.Held).SelectMany(m => m.Attendees
                .Where(a => a.PartnerId is { } id && names.ContainsKey(id))
                .OrderBy(a => names[a.PartnerId!.Value], StringComparer.Ordinal)
                .Select(a => Row(m.HeldOn!.Value, m.Title, names[a.PartnerId!.Value], a.Present ? "Sì" : "No")))]);

        var paragraphs = meetings.Where(m => m.HasMinutes).Select(m => m.MinutesText is { } text
                ? $"Verbale dell'incontro «{m.Title}» del {Day(m.HeldOn ?? m.PlannedOn)}: {text}" + (m.MinutesDocumentId is null ? "" : " (verbale allegato (PDF))")
                : $"Verbale dell'incontro «{m.Title}» del {Day(m.HeldOn ?? m.PlannedOn)}: verbale allegato (PDF).")
            .ToList();
        return (new ReportSection("incontri", "Incontri del partenariato", paragraphs, [list, attendance], []) { TotalledTables = [list.Id] }, true);
    }

    private static string Minutes(Meeting m) => (m.MinutesText, m.MinutesDocumentId) switch
    {
        (not null, not null) => "Nel rapporto e allegato (PDF)",
        (not null, null) => "Nel rapporto",
        (null, not null) => "Verbale allegato (PDF)",
        _ => "Non disponibile",
    };

    private static string Evidence(IndicatorRow r) => (r.Evidence, r.EvidenceFileName) switch
    {
        ({ } text, { } file) => $"{text} (documento: {file})",
        ({ } text, null) => text,
        (null, { } file) => $"Documento: {file}",
        _ => "",
    };

    private static IReadOnlyList<object?> Row(params object?[] values) => values;

    private static string Day(DateOnly day) => ItalianCsv.Cell(day, ExportKind.Date);

    private static string FileSafe(string code) => new([.. code.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);

    /// <summary>The period as days (Rome) and as the instants that bound it.</summary>
    private sealed record Window(DateOnly Start, DateOnly End)
    {
        public DateTimeOffset From { get; } = RomeTime.FromRome(Start.ToDateTime(TimeOnly.MinValue));
        public DateTimeOffset To { get; } = RomeTime.FromRome(End.AddDays(1).ToDateTime(TimeOnly.MinValue));
    }
}
