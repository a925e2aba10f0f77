using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Auditing;
using Conciliazione.Web.Review;
using Microsoft.EntityFrameworkCore;
using static Conciliazione.Web.Tests.Staff.Applications.DocumentRequestSteps;

namespace Conciliazione.Web.Tests.Family.Applications;

/// <summary>Issue 12: the family sees the office's document request first, and answers it with exactly the requested files.</summary>
public sealed class IntegrazioneTests(PortalFactory factory) : PortalTest(factory)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    private static DateOnly TodayInRome => DocumentRequestDeadline.Today(DateTimeOffset.UtcNow);

    private async Task<(Seeded Seeded, Guid RequestId, PortalClient Family)> OpenRequestAsync(int daysLeft = 5)
    {
        var reviewer = await TestAccounts.CreateAsync(Factory, Conciliazione.Domain.Identity.Roles.Staff);
        var seeded = await InReviewAsync(Factory, reviewer.Id);
        var requestId = await RequestAsync(Factory, seeded.ApplicationId, reviewer.Id, DocumentRequestDeadline.EndOf(TodayInRome.AddDays(daysLeft)), at: DateTimeOffset.UtcNow.AddDays(-20));
        return (seeded, requestId, await SignedInAsync(Factory, seeded.Family));
    }

    /// <summary>Posts the upload form as a browser would: its hidden fields, the note, and one file per (name, bytes).</summary>
    private static async Task<HttpResponseMessage> AnswerAsync(PortalClient client, Guid applicationId, string? note, params (string Input, byte[] Bytes, string FileName)[] files)
    {
        var page = await client.GetDocumentAsync($"/Family/Applications/Integrazione/{applicationId}");
        var form = page.QuerySelector<IHtmlFormElement>("main form[enctype='multipart/form-data']")!;
        using var content = new MultipartFormDataContent();
        foreach (var hidden in form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]"))
        {
            content.Add(new StringContent(hidden.Value), hidden.Name!);
        }

        content.Add(new StringContent(note ?? ""), "Input.Note");
        foreach (var (input, bytes, fileName) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(file, input, fileName);
        }

        return await client.Http.PostAsync(new Uri($"/Family/Applications/Integrazione/{applicationId}", UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Home_ShowsTheOpenRequestFirst_WhatIsNeededByWhen_WithTheUploadLink_AndSoDoesTheApplicationPage()
    {
        var (seeded, _, family) = await OpenRequestAsync(daysLeft: 5);
        using var _f = family;

        var home = await family.GetDocumentAsync("/Family");

        var callout = home.QuerySelector("main [data-testid=open-request]")!;
        Assert.Equal("H1", callout.PreviousElementSibling!.TagName);
        Assert.Contains("alert-warning", callout.ClassList);
        Assert.Contains($"Documenti richiesti per la domanda {seeded.Protocol}", callout.TextContent, StringComparison.Ordinal);
        Assert.Contains($"entro il {TodayInRome.AddDays(5):dd/MM/yyyy} (fino alle 23:59)", callout.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Attestazione ISEE", "Contratto con il nido"], callout.QuerySelectorAll("li").Select(l => l.TextContent.Trim()));
        Assert.Contains("Serve l'attestazione aggiornata", callout.TextContent, StringComparison.Ordinal);
        var link = callout.QuerySelector<IHtmlAnchorElement>("[data-testid=open-request-link]")!;
        Assert.StartsWith("Carica i documenti richiesti", link.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal($"/Family/Applications/Integrazione/{seeded.ApplicationId}", link.GetAttribute("href"));
        var details = await family.GetDocumentAsync($"/Family/Applications/Details/{seeded.ApplicationId}");
        Assert.NotNull(details.QuerySelector("[data-testid=open-request] [data-testid=open-request-link]"));
        var upload = await family.GetDocumentAsync(link.GetAttribute("href")!);
        Assert.Equal(["item-doc-1", "item-altro-1"], upload.QuerySelectorAll("input[type=file]").Select(i => i.GetAttribute("name")!));
    }

    [Fact]
    public async Task Answer_WithAFilePerItem_StoresThemWithTheRequest_IsAudited_AndTheApplicationIsBackInReview()
    {
        var (seeded, requestId, family) = await OpenRequestAsync();
        using var _f = family;

        using var response = await AnswerAsync(family, seeded.ApplicationId, "Il contratto è firmato da entrambi.", ("item-doc-1", Pdf, "isee.pdf"), ("item-altro-1", Pdf, "contratto.pdf"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var confirmation = await family.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.StartsWith("Documenti inviati.", confirmation.Text("[data-testid=answer-sent]"), StringComparison.Ordinal);
        Assert.NotNull(confirmation.QuerySelector("[data-testid=no-open-request]"));
        var application = await LoadAsync(Factory, seeded.ApplicationId);
        Assert.Equal(ApplicationStatus.InReview, application.Status);
        var request = Assert.Single(application.DocumentRequests);
        Assert.Equal(DocumentRequestStatus.Answered, request.Status);
        Assert.Equal("Il contratto è firmato da entrambi.", request.AnswerNote);
        var files = application.Documents.Where(d => d.DocumentRequestId == requestId).OrderBy(d => d.RequirementKey).ToList();
        Assert.Equal(["altro-1", "doc-1"], files.Select(f => f.RequirementKey));
        var audit = Assert.Single(await Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Action == AuditActions.DocumentRequestAnswered).ToListAsync(TestContext.Current.CancellationToken)));
        Assert.Equal(seeded.Family.Id, audit.ActorId);
        Assert.Equal(seeded.Family.Id, application.History.OrderBy(h => h.Id).Last().ByUserId);

        // The family opens its own answered file from the application page; the home no longer asks.
        var details = await family.GetDocumentAsync($"/Family/Applications/Details/{seeded.ApplicationId}");
        var fileLink = details.QuerySelectorAll<IHtmlAnchorElement>("a[href*='handler=Document']").Single(a => a.TextContent.Contains("contratto.pdf", StringComparison.Ordinal));
        Assert.StartsWith("Contratto con il nido (integrazione del", fileLink.TextContent.Trim(), StringComparison.Ordinal);
        using var download = await family.GetAsync(fileLink.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Null((await family.GetDocumentAsync("/Family")).QuerySelector("[data-testid=open-request]"));
    }

    [Fact]
    public async Task Answer_WithAMissingFile_AndAFileThatIsNotAPdf_SaysWhichItem_KeepsTheNote_AndChangesNothing()
    {
        var (seeded, _, family) = await OpenRequestAsync();
        using var _f = family;

        using var response = await AnswerAsync(family, seeded.ApplicationId, "Nota da non perdere.", ("item-doc-1", "MZ questo non è un pdf"u8.ToArray(), "isee.pdf"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await PortalClient.ParseAsync(response);
        var errors = page.Errors();
        Assert.Contains(errors, e => e.StartsWith("Attestazione ISEE: il file non è un PDF, un'immagine JPEG o PNG", StringComparison.Ordinal));
        Assert.Contains("Scegliere il file per: Contratto con il nido.", errors);
        Assert.Equal("Nota da non perdere.", page.InputValue("#Input_Note"));
        Assert.Equal("true", page.QuerySelector("#item-doc-1")!.GetAttribute("aria-invalid"));
        var application = await LoadAsync(Factory, seeded.ApplicationId);
        Assert.Equal(ApplicationStatus.DocumentsRequested, application.Status);
        Assert.Empty(application.Documents);
    }

    [Fact]
    public async Task Answer_WithAFileForAnItemNotRequested_IsRefused_KeepingTheNote()
    {
        var (seeded, _, family) = await OpenRequestAsync();
        using var _f = family;

        using var response = await AnswerAsync(family, seeded.ApplicationId, "Ecco tutto.", ("item-doc-1", Pdf, "isee.pdf"), ("item-altro-1", Pdf, "contratto.pdf"), ("item-doc-2", Pdf, "altro.pdf"));

        var page = await PortalClient.ParseAsync(response);
        Assert.Contains("Si possono caricare solo i documenti richiesti dall'ufficio.", page.Errors());
        Assert.Equal("Ecco tutto.", page.InputValue("#Input_Note"));
        var application = await LoadAsync(Factory, seeded.ApplicationId);
        Assert.Equal(ApplicationStatus.DocumentsRequested, application.Status);
        Assert.Empty(application.Documents);
    }

    [Fact]
    public async Task Answer_ToARequestClosedMeanwhile_SaysItIsClosed_AndStoresNothing()
    {
        var (seeded, requestId, family) = await OpenRequestAsync();
        using var _f = family;
        var page = await family.GetDocumentAsync($"/Family/Applications/Integrazione/{seeded.ApplicationId}");
        await Factory.WithDbAsync(async db =>
        {
            var application = await db.Applications.Include(a => a.DocumentRequests).SingleAsync(a => a.Id == seeded.ApplicationId, TestContext.Current.CancellationToken);
            application.CancelDocumentRequest(requestId, application.ReviewerId!.Value, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        // The page read before the cancellation, posted after it.
        var form = page.QuerySelector<IHtmlFormElement>("main form[enctype='multipart/form-data']")!;
        using var content = new MultipartFormDataContent();
        foreach (var hidden in form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]"))
        {
            content.Add(new StringContent(hidden.Value), hidden.Name!);
        }

        content.Add(new StringContent("Nota"), "Input.Note");
        content.Add(new ByteArrayContent(Pdf), "item-doc-1", "isee.pdf");
        content.Add(new ByteArrayContent(Pdf), "item-altro-1", "contratto.pdf");
        using var response = await family.Http.PostAsync(new Uri($"/Family/Applications/Integrazione/{seeded.ApplicationId}", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await PortalClient.ParseAsync(response);
        Assert.Contains(answer.Errors(), e => e.StartsWith("Questa richiesta di integrazione è già chiusa", StringComparison.Ordinal));
        var application = await LoadAsync(Factory, seeded.ApplicationId);
        Assert.Equal(ApplicationStatus.InReview, application.Status);
        Assert.Empty(application.Documents);
    }

    [Fact]
    public async Task AnotherFamily_GetsNotFound_ForThePage_TheUpload_AndTheHomeShowsThemNothing()
    {
        var (seeded, _, family) = await OpenRequestAsync();
        using var _f = family;
        var page = await family.GetDocumentAsync($"/Family/Applications/Integrazione/{seeded.ApplicationId}");
        var other = await TestAccounts.CreateAsync(Factory, Conciliazione.Domain.Identity.Roles.Family, withTotp: false);
        await Factory.WithDbAsync(async db =>
        {
            db.FamilyProfiles.Add(Conciliazione.Domain.Identity.FamilyProfile.Create(other.Id, new Conciliazione.Domain.Identity.AssertedIdentity("Anna", "Verdi", null, "anna@example.org"), DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        using var stranger = await SignedInAsync(Factory, other);

        using var get = await stranger.GetAsync($"/Family/Applications/Integrazione/{seeded.ApplicationId}");
        var token = (await stranger.GetDocumentAsync("/Family/Profile")).QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(page.QuerySelector<IHtmlInputElement>("input[name='Input.RequestId']")!.Value), "Input.RequestId" },
            { new ByteArrayContent(Pdf), "item-doc-1", "isee.pdf" },
        };
        using var post = await stranger.Http.PostAsync(new Uri($"/Family/Applications/Integrazione/{seeded.ApplicationId}", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Null((await stranger.GetDocumentAsync("/Family")).QuerySelector("[data-testid=open-request]"));
        Assert.Empty((await LoadAsync(Factory, seeded.ApplicationId)).Documents);
    }
}
