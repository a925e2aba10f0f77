using Conciliazione.Domain.Data;
using Conciliazione.Domain.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Domain.Seeding;

/// <summary>
/// Demo data only (never the test databases' <see cref="CastellanzaPlan"/>): the four partner meetings the
/// 2017-2018 plan names (October 2017, January 2018, June 2018, December 2018) as planned meetings of
/// its project, with fictional places and agendas, so staff can try recording attendance and minutes.
/// Idempotent: a meeting already there (same project and title) is left as it is.
/// </summary>
public static class DemoMeetings
{
    public static readonly (string Title, DateOnly PlannedOn, string Place, string Agenda)[] Meetings =
    [
        ("[DEMO] Incontro di avvio del piano", new DateOnly(2017, 10, 17), "Castellanza, sala riunioni (indirizzo di prova)",
            "1. Presentazione delle azioni del piano\n2. Calendario dei bandi\n3. Referenti dei partner"),
        ("[DEMO] Verifica dei primi bandi", new DateOnly(2018, 1, 23), "Castellanza, sala riunioni (indirizzo di prova)",
            "1. Domande ricevute e voucher concessi\n2. Comunicazione alle famiglie"),
        ("[DEMO] Monitoraggio di metà percorso", new DateOnly(2018, 6, 19), "Somma Lombardo, sala consiliare (indirizzo di prova)",
            "1. Indicatori del primo semestre 2018\n2. Stato della spesa per voce\n3. Eventuali rimodulazioni"),
        ("[DEMO] Chiusura del piano e rendicontazione", new DateOnly(2018, 12, 11), "Castellanza, sala riunioni (indirizzo di prova)",
            "1. Risultati raggiunti\n2. Rendicontazione all'ATS\n3. Proposte per il piano successivo"),
    ];

    public static async Task SeedAsync(AppDbContext db, DateTimeOffset now, CancellationToken ct = default)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, ct);
        if (project is null || project.IsClosed)
        {
            return;
        }

        var existing = await db.Meetings.Where(m => m.ProjectId == project.Id).Select(m => m.Title).ToListAsync(ct);
        foreach (var (title, plannedOn, place, agenda) in Meetings.Where(m => !existing.Contains(m.Title)))
        {
            db.Meetings.Add(Meeting.Plan(project, title, plannedOn, place, agenda, now, null));
        }

        await db.SaveChangesAsync(ct);
    }
}
