using AngleSharp.Dom;
using Conciliazione.Domain.Auditing;
using Conciliazione.Domain.Projects;
using Conciliazione.Domain.Seeding;
using Conciliazione.Web.Pages.Staff.Project.Indicators;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Conciliazione.Web.Tests.Monitoring.Indicators;

/// <summary>
/// Staff record the value of an indicator they enter (C1: bodies reached) for a half-year, with
/// evidence and its document; a correction supersedes the value and both stay in the history; bad
/// input is refused with Italian messages and what was typed kept; computed indicators cannot be
/// typed over (404 and the database trigger); a closed project refuses; one current value per period.
/// </summary>
public sealed class RecordIndicatorValueTests(PortalFactory factory) : PortalTest(factory)
{
    private const string C1 = "Soggetti coinvolti";

    [Fact]
    public async Task Record_ThenCorrect_KeepsOneCurrentValue_ShowsHistory_AndAuditsEach()
    {
        var (client, staff) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var indicator = await IndicatorSteps.IndicatorAsync(Factory, "C1", C1);
        var url = $"/Staff/Project/Indicators/Record/{indicator.Id}?period=2018-S1";
        var page = await client.GetDocumentAsync(url);
        Assert.Equal(">= 10", page.Text("[data-testid=target]"));

        using var first = await IndicatorSteps.PostAsync(client, page, new Dictionary<string, string> { ["Input.Value"] = "6", ["Input.Evidence"] = "Verbale del tavolo del 12/04/2018" }, IndicatorSteps.Pdf);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var again = await client.GetDocumentAsync(url);
        using var correction = await IndicatorSteps.PostAsync(client, again, new Dictionary<string, string> { ["Input.Value"] = "11", ["Input.Evidence"] = "Relazione del facilitatore, giugno 2018" }, IndicatorSteps.Png, "relazione.png");
        Assert.Equal(HttpStatusCode.Redirect, correction.StatusCode);

        var values = await IndicatorSteps.ValuesAsync(Factory, indicator.Id);
        Assert.Equal([6, 11], values.Select(v => v.Value));
        Assert.NotNull(values[0].SupersededAt);
        Assert.Null(values[1].SupersededAt);
        Assert.All(values, v => Assert.Equal(new DateOnly(2018, 1, 1), v.PeriodStart));
        Assert.All(values, v => Assert.Equal(staff.Id, v.RecordedBy));

        var history = await client.GetDocumentAsync(url);
        var rows = history.QuerySelectorAll("[data-testid=history] tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Equal("true", rows[0].GetAttribute("data-current"));
        Assert.Contains("Relazione del facilitatore", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Raggiunto", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("sostituito il", rows[1].TextContent, StringComparison.Ordinal);

        // The indicators page shows the current value with its evidence, document, who and when.
        var board = await client.GetDocumentAsync($"/Staff/Project/Indicators/Index/{CastellanzaPlan.CurrentProjectId}?period=2018-S1");
        var row = board.QuerySelector($"[data-testid=detail] tr[data-indicator='{indicator.Id}']")!;
        Assert.Equal("11", row.QuerySelector("[data-testid=value]")!.TextContent.Trim());
        Assert.Equal("Raggiunto", row.QuerySelector("[data-testid=met]")!.TextContent.Trim());
        Assert.Equal("inserito", row.QuerySelector("[data-testid=source]")!.TextContent.Trim());
        var evidence = row.QuerySelector("[data-testid=evidence]")!;
        Assert.Equal("relazione.png", evidence.TextContent.Trim());
        using var download = await client.GetAsync(evidence.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(IndicatorSteps.Png, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        // Later half-years without a value stay empty; the earlier one too.
        var cells = board.QuerySelectorAll($"table[data-action=C1] tr[data-indicator='{indicator.Id}'] td[data-period]");
        Assert.StartsWith("-", cells.Single(c => c.GetAttribute("data-period") == "2017-S2").TextContent.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("11", cells.Single(c => c.GetAttribute("data-period") == "2018-S1").TextContent.Trim(), StringComparison.Ordinal);

        var audits = await Factory.WithDbAsync(db => db.AuditEvents.Where(a => a.ActorId == staff.Id && a.Action == AuditActions.IndicatorValueRecorded).Select(a => a.EntityId).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(values.Select(v => v.Id.ToString()).Order(StringComparer.Ordinal), audits.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("2,5", "Verbale", true, "Input.Value", RecordModel.NotIntegerMessage)]
    [InlineData("due", "Verbale", true, "Input.Value", RecordModel.NotIntegerMessage)]
    [InlineData("-1", "Verbale", true, "Input.Value", "Il valore non può essere negativo.")]
    [InlineData("", "Verbale", true, "Input.Value", RecordModel.MissingValueMessage)]
    [InlineData("3", "", true, "Input.Evidence", "Indicare su quale documento si basa il valore (verbale, accordo, relazione).")]
    [InlineData("3", "Verbale", false, "Input.Document", "Allegare il documento che prova il valore.")]
    public async Task BadInput_IsRefusedOnTheField_InItalian_KeepingWhatWasTyped(string value, string evidence, bool withDocument, string field, string message)
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var indicator = await IndicatorSteps.IndicatorAsync(Factory, "C1", C1);
        var page = await client.GetDocumentAsync($"/Staff/Project/Indicators/Record/{indicator.Id}?period=2017-S2");

        using var response = await IndicatorSteps.PostAsync(client, page, new Dictionary<string, string> { ["Input.Value"] = value, ["Input.Evidence"] = evidence }, withDocument ? IndicatorSteps.Pdf : null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var refused = await PortalClient.ParseAsync(response);
        Assert.Equal(message, refused.Text($"#{field.Replace('.', '_')}-error"));
        Assert.Equal(value, refused.InputValue("#Input_Value"));
        Assert.Equal(evidence, refused.InputValue("#Input_Evidence"));
        Assert.Equal("2017-S2", (refused.QuerySelector("#Input_Period") as AngleSharp.Html.Dom.IHtmlSelectElement)?.Value);
        Assert.Empty(await IndicatorSteps.ValuesAsync(Factory, indicator.Id));
    }

    [Fact]
    public async Task ADocumentThatIsNotAPdfOrImage_IsRefusedByContent()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var indicator = await IndicatorSteps.IndicatorAsync(Factory, "C1", C1);
        var page = await client.GetDocumentAsync($"/Staff/Project/Indicators/Record/{indicator.Id}");

        using var response = await IndicatorSteps.PostAsync(client, page, new Dictionary<string, string> { ["Input.Value"] = "4", ["Input.Evidence"] = "Verbale" }, "MZ not a pdf at all"u8.ToArray(), "verbale.pdf");
        var refused = await PortalClient.ParseAsync(response);
        Assert.NotEmpty(refused.Text("#Input_Document-error"));
        Assert.Equal("4", refused.InputValue("#Input_Value"));
        Assert.Empty(await IndicatorSteps.ValuesAsync(Factory, indicator.Id));
        Assert.Equal(0, await Factory.WithDbAsync(db => db.MonitoringDocuments.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task AComputedIndicator_HasNoRecordPage_AndTheDatabaseRefusesARowForIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var computed = await IndicatorSteps.IndicatorAsync(Factory, "B", "Famiglie beneficiarie dei voucher");
        var manual = await IndicatorSteps.IndicatorAsync(Factory, "C1", C1);

        using var get = await client.GetAsync($"/Staff/Project/Indicators/Record/{computed.Id}?period=2018-S1");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);

        // Posting the manual indicator's form to the computed one's address changes nothing.
        var form = await client.GetDocumentAsync($"/Staff/Project/Indicators/Record/{manual.Id}?period=2018-S1");
        var token = form.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("2018-S1"), "Input.Period" },
            { new StringContent("99"), "Input.Value" },
            { new StringContent("Verbale"), "Input.Evidence" },
            { new ByteArrayContent(IndicatorSteps.Pdf), "Input.Document", "verbale.pdf" },
        };
        using var post = await client.Http.PostAsync(new Uri($"/Staff/Project/Indicators/Record/{computed.Id}", UriKind.Relative), content, ct);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Empty(await IndicatorSteps.ValuesAsync(Factory, computed.Id));

        // The database trigger refuses a row written around the domain.
        var doc = await IndicatorSteps.DocumentAsync(Factory);
        var error = await Assert.ThrowsAsync<PostgresException>(() => Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO indicator_values (id, alliance_id, project_id, indicator_id, period_start, period_end, value, evidence, evidence_document_id, recorded_at)
            VALUES ({Guid.NewGuid()}, {CastellanzaPlan.AllianceId}, {CastellanzaPlan.CurrentProjectId}, {computed.Id}, {new DateOnly(2018, 1, 1)}, {new DateOnly(2018, 6, 30)}, 5, 'a mano', {doc.Id}, now())
            """, ct)));
        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);

        // The same row for a staff-entered indicator is accepted: the trigger is what refused it.
        await Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO indicator_values (id, alliance_id, project_id, indicator_id, period_start, period_end, value, evidence, evidence_document_id, recorded_at)
            VALUES ({Guid.NewGuid()}, {CastellanzaPlan.AllianceId}, {CastellanzaPlan.CurrentProjectId}, {manual.Id}, {new DateOnly(2018, 1, 1)}, {new DateOnly(2018, 6, 30)}, 5, 'a mano', {doc.Id}, now())
            """, ct));
    }

    [Fact]
    public async Task TwoCurrentValuesForThePeriod_AreRefusedByTheUniqueIndex_AndRacingStaffLeaveOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var indicator = await IndicatorSteps.IndicatorAsync(Factory, "C1", C1);
        var (one, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        var (two, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _1 = one;
        using var _2 = two;
        var url = $"/Staff/Project/Indicators/Record/{indicator.Id}?period=2018-S2";
        var pageOne = await one.GetDocumentAsync(url);
        var pageTwo = await two.GetDocumentAsync(url);

        var responses = await Task.WhenAll(
            IndicatorSteps.PostAsync(one, pageOne, new Dictionary<string, string> { ["Input.Value"] = "3", ["Input.Evidence"] = "Verbale A" }, IndicatorSteps.Pdf),
            IndicatorSteps.PostAsync(two, pageTwo, new Dictionary<string, string> { ["Input.Value"] = "4", ["Input.Evidence"] = "Verbale B" }, IndicatorSteps.Pdf));
        foreach (var r in responses)
        {
            // Either saved (a later one supersedes the earlier) or refused with the clear message.
            if (r.StatusCode != HttpStatusCode.Redirect)
            {
                Assert.Contains(RecordModel.ConcurrentMessage, (await PortalClient.ParseAsync(r)).Errors());
            }

            r.Dispose();
        }

        var values = await IndicatorSteps.ValuesAsync(Factory, indicator.Id);
        Assert.Single(values, v => v.SupersededAt is null);

        // Around the page, the partial unique index refuses a second current value (23505).
        var doc = await IndicatorSteps.DocumentAsync(Factory);
        var error = await Assert.ThrowsAsync<PostgresException>(() => Factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO indicator_values (id, alliance_id, project_id, indicator_id, period_start, period_end, value, evidence, evidence_document_id, recorded_at)
            VALUES ({Guid.NewGuid()}, {CastellanzaPlan.AllianceId}, {CastellanzaPlan.CurrentProjectId}, {indicator.Id}, {new DateOnly(2018, 7, 1)}, {new DateOnly(2018, 12, 31)}, 5, 'a mano', {doc.Id}, now())
            """, ct)));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }

    [Fact]
    public async Task AClosedProject_RefusesNewValues_WithItsMessage()
    {
        var (client, _) = await AllianceBuilder.SignedInStaffAsync(Factory);
        using var _c = client;
        var indicator = await IndicatorSteps.IndicatorAsync(Factory, "C1", C1);
        var url = $"/Staff/Project/Indicators/Record/{indicator.Id}?period=2018-S2";
        var page = await client.GetDocumentAsync(url);
        await Factory.WithDbAsync(async db =>
        {
            var project = await db.Projects.SingleAsync(p => p.Id == CastellanzaPlan.CurrentProjectId, TestContext.Current.CancellationToken);
            project.Close(new DateOnly(2019, 1, 31), null);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        using var response = await IndicatorSteps.PostAsync(client, page, new Dictionary<string, string> { ["Input.Value"] = "3", ["Input.Evidence"] = "Verbale" }, IndicatorSteps.Pdf);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Project.ClosedMessage, (await PortalClient.ParseAsync(response)).Errors());
        Assert.Empty(await IndicatorSteps.ValuesAsync(Factory, indicator.Id));
        Assert.Null((await client.GetDocumentAsync(url)).QuerySelector("#record-form"));
    }
}
