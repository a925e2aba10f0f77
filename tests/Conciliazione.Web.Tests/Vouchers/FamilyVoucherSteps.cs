using System.Globalization;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Conciliazione.Domain.Calls;
using Microsoft.EntityFrameworkCore;

namespace Conciliazione.Web.Tests.Vouchers;

/// <summary>A funded family with a voucher it can spend now, signed in.</summary>
public sealed record LiveVoucher(FundedCall Funded, Guid VoucherId, Guid ProviderId, string ProviderName, string ChildFiscalCode, PortalClient Family) : IDisposable
{
    public void Dispose() => Family.Dispose();
}

/// <summary>Steps for the family voucher pages: a live voucher, the family signed in, the receipt form posted as a browser would.</summary>
public static class FamilyVoucherSteps
{
    public const string ProviderName = "Nido Girotondo Srl";

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).DateTime);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A PDF nobody uploaded before (receipts are duplicates by their SHA-256).</summary>
    public static byte[] NewPdf() => System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% receipt {Guid.NewGuid():N}\n%%EOF\n");

    /// <summary>
    /// A funded call (<see cref="VoucherSeeds.FundedAsync"/>) whose vouchers are valid now (the seeded
    /// call's service period is in 2018: its vouchers would have expired) and name a provider of the
    /// registry; the first family is signed in.
    /// </summary>
    public static async Task<LiveVoucher> LiveAsync(PortalFactory factory, int families = 1, Func<CallRules, CallRules>? rules = null, bool registryProvider = true, string reference = "AV-VO-01")
    {
        var funded = await VoucherSeeds.FundedAsync(factory, families, rules, reference);
        var providerId = await CallSeeds.ProviderAsync(factory, ProviderName);
        await MakeLiveAsync(factory, funded.CallId, registryProvider ? providerId : null);
        return new LiveVoucher(funded, funded.VoucherIds[0], providerId, ProviderName, ChildOf(0), await FamilyAsync(factory, funded.FamilyIds[0]));
    }

    /// <summary>Makes the vouchers of <paramref name="callId"/> valid around today, for the Micronido of <see cref="ProviderName"/> (in the registry when <paramref name="providerId"/> is given).</summary>
    public static Task MakeLiveAsync(PortalFactory factory, Guid callId, Guid? providerId, string providerName = ProviderName) => factory.WithDbAsync(async db =>
    {
        var (from, to, until) = (Today.AddDays(-90), Today.AddDays(90), Today.AddDays(150));
        await db.Database.ExecuteSqlAsync($"UPDATE vouchers SET valid_from = {from}, valid_to = {to}, receipts_until = {until}, provider_id = {providerId}, provider_name = {providerName}, service_type = 'Micronido' WHERE call_id = {callId}", TestContext.Current.CancellationToken);
    });

    /// <summary>The fiscal code <see cref="Grants.GrantSeeds"/> gives the first child of its <paramref name="family"/>-th application.</summary>
    public static string ChildOf(int family) => $"CHILD{family:D5}00XXXX"[..16];

    /// <summary>The family account <paramref name="familyId"/> (made by the seeds with the test password), signed in.</summary>
    public static async Task<PortalClient> FamilyAsync(PortalFactory factory, Guid familyId)
    {
        var email = await factory.WithDbAsync(db => db.Users.Where(u => u.Id == familyId).Select(u => u.Email!).SingleAsync(TestContext.Current.CancellationToken));
        var client = factory.CreatePortalClient();
        await client.LoginAsync(new TestAccount(familyId, email, TestAccounts.Password, null));
        return client;
    }

    /// <summary>What a family types for a good receipt of a month of service.</summary>
    public static Dictionary<string, string> GoodReceipt(string number = "FT-2026-001") => new()
    {
        ["Input.Number"] = number,
        ["Input.IssuedOn"] = Iso(Today.AddDays(-5)),
        ["Input.PeriodFrom"] = Iso(Today.AddDays(-35)),
        ["Input.PeriodTo"] = Iso(Today.AddDays(-6)),
        ["Input.Amount"] = "350,00",
        ["Input.Method"] = "BankTransfer",
        ["Input.PaidOn"] = Iso(Today.AddDays(-4)),
    };

    /// <summary>
    /// Opens the receipt form (a correction with <paramref name="corrects"/>) and posts it as a browser
    /// would: every field the form has (hidden ones, the prefilled child), the typed values over them,
    /// and the two files when given.
    /// </summary>
    public static async Task<HttpResponseMessage> UploadAsync(PortalClient client, Guid voucherId, IReadOnlyDictionary<string, string> typed, byte[]? document, byte[]? proof, Guid? corrects = null)
    {
        var url = $"/Family/Vouchers/Receipt/{voucherId}" + (corrects is { } c ? "?corrects=" + c : "");
        var page = await client.GetDocumentAsync(url);
        return await PostAsync(client, page, typed, document, proof);
    }

    /// <summary>Posts the multipart receipt form of <paramref name="page"/> with its own values overlaid by <paramref name="typed"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(PortalClient client, IHtmlDocument page, IReadOnlyDictionary<string, string> typed, byte[]? document, byte[]? proof)
    {
        var form = page.QuerySelector<IHtmlFormElement>("main form[enctype='multipart/form-data']")!;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Name: { Length: > 0 } name } input when input.Type is not ("file" or "submit" or "button"):
                    fields[name] = input.Value;
                    break;
                case IHtmlSelectElement { Name: { Length: > 0 } name } select:
                    fields[name] = select.Value ?? "";
                    break;
                default:
                    break;
            }
        }

        foreach (var (name, value) in typed)
        {
            fields[name] = value;
        }

        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, bytes) in new[] { ("Input.Document", document), ("Input.Proof", proof) })
        {
            if (bytes is not null)
            {
                var file = new ByteArrayContent(bytes);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                content.Add(file, name, name == "Input.Document" ? "ricevuta.pdf" : "bonifico.pdf");
            }
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? new Uri(page.Url).PathAndQuery : action;
        return await client.Http.PostAsync(new Uri(target, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }
}
