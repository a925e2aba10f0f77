using System.Globalization;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Calls;
using Conciliazione.Domain.Identity;
using Conciliazione.Domain.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Family.Applications;

/// <summary>A family filling the application wizard through the real pages, step by step.</summary>
public static class ApplicationSteps
{
    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    /// <summary>Seeds the demo project with its open action-B and action-A calls; returns the B call's id.</summary>
    public static async Task<Guid> OpenChildcareCallAsync(PortalFactory factory)
    {
        await factory.WithDbAsync(db => DemoCalls.SeedAsync(db, DateTimeOffset.UtcNow));
        return await factory.WithDbAsync(db => db.Calls.Where(c => c.Title == DemoCalls.ChildcareCallTitle).Select(c => c.Id).SingleAsync());
    }

    /// <summary>A valid codice fiscale for a fictional child (checksum and birth date/sex consistent).</summary>
    public static string ChildCode(DateOnly birth, bool female, string surnameAndName = "RSSLCU", string place = "F205")
    {
        const string months = "ABCDEHLMPRST";
        var day = birth.Day + (female ? 40 : 0);
        var first15 = string.Create(CultureInfo.InvariantCulture, $"{surnameAndName}{birth.Year % 100:D2}{months[birth.Month - 1]}{day:D2}{place}");
        return first15 + FiscalCode.CheckCharacter(first15);
    }

    public static async Task<Guid> StartAsync(PortalClient client, Guid callId)
    {
        using var response = await client.PostFormAsync($"/Family/Applications/Start/{callId}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        return Guid.Parse(location.Split('/')[4].Split('?')[0], CultureInfo.InvariantCulture);
    }

    public static async Task<HttpResponseMessage> StepAsync(PortalClient client, Guid id, string step, string handler, Dictionary<string, string> values)
    {
        var page = await client.GetDocumentAsync($"/Family/Applications/Edit/{id}/{step}");
        return await client.SubmitAsync(page, values, $"main form[action*='handler={handler}']");
    }

    public static DateOnly ChildBirth => DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-2);

    public static Dictionary<string, string> Household(string? childCode = null, DateOnly? birth = null) => new()
    {
        ["Household.OtherParentName"] = "Marco Rossi",
        ["Household.OtherParentEmployment"] = "Employee",
        ["Household.ChildGivenName"] = "Luca",
        ["Household.ChildFamilyName"] = "Rossi",
        ["Household.ChildBirthDate"] = (birth ?? ChildBirth).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Household.ChildSex"] = "M",
        ["Household.ChildFiscalCode"] = childCode ?? ChildCode(birth ?? ChildBirth, female: false),
    };

    public static Dictionary<string, string> Isee(string value = "12.500,00", DateOnly? expires = null) => new()
    {
        ["Isee.HasIsee"] = "true",
        ["Isee.Type"] = "Minorenni",
        ["Isee.Value"] = value,
        ["Isee.DsuNumber"] = "INPS-ISEE-2026-00012345A-00",
        ["Isee.ExpiresOn"] = (expires ?? DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>Fills every step and uploads the mandatory documents: the draft is ready to submit.</summary>
    public static async Task FillAsync(PortalClient client, Guid id, string? childCode = null)
    {
        await Ok(StepAsync(client, id, "richiedente", "Applicant", new() { ["Applicant.Email"] = "maria.rossi@example.org", ["Applicant.Phone"] = "+39 0331 000000" }));
        await Ok(StepAsync(client, id, "nucleo", "Household", Household(childCode)));
        var lavoro = await client.GetDocumentAsync($"/Family/Applications/Edit/{id}/lavoro");
        var castellanza = lavoro.QuerySelectorAll("#Employment_ResidenceMunicipalityId option").Single(o => o.TextContent == "Castellanza").GetAttribute("value")!;
        await Ok(client.SubmitAsync(lavoro, new Dictionary<string, string>
        {
            ["Employment.ResidenceMunicipalityId"] = castellanza,
            ["Employment.Kind"] = "Employee",
            ["Employment.EmployerName"] = "Comune di Castellanza",
        }, "main form[action*='handler=Employment']"));
        await Ok(StepAsync(client, id, "isee", "Isee", Isee()));
        var servizio = await client.GetDocumentAsync($"/Family/Applications/Edit/{id}/servizio");
        var provider = servizio.QuerySelectorAll("#Service_Provider optgroup[data-service=Micronido] option").Select(o => o.GetAttribute("value")).First(v => Guid.TryParse(v, out _))!;
        var from = ServicePeriod();
        await Ok(client.SubmitAsync(servizio, new Dictionary<string, string>
        {
            ["Service.ServiceType"] = "Micronido",
            ["Service.Provider"] = provider,
            ["Service.From"] = from.From,
            ["Service.To"] = from.To,
            ["Service.MonthlyCost"] = "450,00",
        }, "main form[action*='handler=Service']"));
        var dichiarazioni = await client.GetDocumentAsync($"/Family/Applications/Edit/{id}/dichiarazioni");
        var values = new List<KeyValuePair<string, string>>();
        var form = dichiarazioni.QuerySelector<IHtmlFormElement>("main form[action*='handler=Declarations']")!;
        values.Add(new("__RequestVerificationToken", form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value));
        foreach (var box in form.QuerySelectorAll<IHtmlInputElement>("input[name='Declarations.Accepted']"))
        {
            values.Add(new("Declarations.Accepted", box.Value));
        }

        values.Add(new("Declarations.PrivacyAccepted", "true"));
        using (var content = new FormUrlEncodedContent(values))
        {
            await Ok(client.Http.PostAsync(new Uri(form.GetAttribute("action")!, UriKind.Relative), content, TestContext.Current.CancellationToken));
        }

        var documents = await client.GetDocumentAsync($"/Family/Applications/Documents/{id}");
        foreach (var key in documents.QuerySelectorAll("input[name=RequirementKey]").Select(i => i.GetAttribute("value")!).Take(2))
        {
            using var upload = await UploadAsync(client, id, key, Pdf, "documento.pdf");
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        }
    }

    public static async Task<HttpResponseMessage> UploadAsync(PortalClient client, Guid id, string requirementKey, byte[] bytes, string fileName, string contentType = "application/pdf")
    {
        var page = await client.GetDocumentAsync($"/Family/Applications/Documents/{id}");
        var token = page.QuerySelector<IHtmlInputElement>("main form[enctype='multipart/form-data'] input[name=__RequestVerificationToken]")!.Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(requirementKey), "RequirementKey" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "File", fileName);
        return await client.Http.PostAsync(new Uri($"/Family/Applications/Documents/{id}?handler=Upload", UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    /// <summary>Starts, fills and submits an application; returns its id.</summary>
    public static async Task<Guid> SubmittedApplicationAsync(PortalClient client, Guid callId)
    {
        var id = await StartAsync(client, callId);
        await FillAsync(client, id);
        using var submitted = await SubmitAsync(client, id);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        return id;
    }

    /// <summary>
    /// The receipt PDF is rendered by a background job after submission: reloads the details page,
    /// as the family would, until it offers the download (at most 60 s).
    /// </summary>
    public static async Task<IHtmlDocument> WaitForReceiptAsync(PortalClient client, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await client.GetDocumentAsync($"/Family/Applications/Details/{id}");
            if (page.QuerySelector("a[href*='handler=Receipt']") is not null)
            {
                return page;
            }

            Assert.True(DateTime.UtcNow < deadline, "The receipt never became ready: " + page.Text("[data-testid=receipt-pending]"));
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits (at most 60 s) for the outbox job to deliver a message to <paramref name="address"/>.</summary>
    public static async Task<string> WaitForMailAsync(PortalFactory factory, string address)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (factory.Mailbox.MessagesTo(address).LastOrDefault() is { } mail)
            {
                return mail;
            }

            Assert.True(DateTime.UtcNow < deadline, "No e-mail to " + address);
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public static async Task<HttpResponseMessage> SubmitAsync(PortalClient client, Guid id, string? key = null)
    {
        var review = await client.GetDocumentAsync($"/Family/Applications/Review/{id}");
        var values = key is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["SubmissionKey"] = key };
        return await client.SubmitAsync(review, values);
    }

    /// <summary>A service period inside the demo call's (today to six months ahead).</summary>
    private static (string From, string To) ServicePeriod()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return (today.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), today.AddDays(100).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static async Task Ok(Task<HttpResponseMessage> post)
    {
        using var response = await post;
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var page = await PortalClient.ParseAsync(response);
            Assert.Fail($"Step refused ({(int)response.StatusCode}): " + string.Join(" | ", page.Errors()));
        }
    }
}
