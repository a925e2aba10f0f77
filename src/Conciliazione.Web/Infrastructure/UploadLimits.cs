using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.WebUtilities;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// An upload over a page's limit gets the page back with an Italian message, whatever its size,
/// instead of a bare 400/413.
/// </summary>
/// <remarks>
/// The limits stay where they are declared (<c>[RequestSizeLimit]</c> and
/// <c>[RequestFormLimits]</c> on the page). Without this, the first reader of an oversized form is
/// the antiforgery check, which turns "body too large" into a plain 400 before the page runs. Here
/// the form of a multipart POST is read first, under the page's limits; if it is too large the
/// browser is sent back (303) to the page, which shows the message (see <see cref="UploadLimitMessageFilter"/>).
/// </remarks>
public sealed class UploadLimitsMiddleware(RequestDelegate next)
{
    public const string TempDataKey = "Conciliazione.UploadTooLarge";

    public const string Message = "Il file è troppo grande: la dimensione massima consentita è 10 MB. Riducilo (ad esempio scansionando in bianco e nero o a risoluzione più bassa) e riprova.";

    public async Task InvokeAsync(HttpContext context, ITempDataDictionaryFactory tempData)
    {
        var request = context.Request;
        var formLimits = context.GetEndpoint()?.Metadata.GetMetadata<RequestFormLimitsAttribute>();
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType || formLimits is null)
        {
            await next(context);
            return;
        }

        var sizeLimit = context.GetEndpoint()!.Metadata.GetMetadata<RequestSizeLimitAttribute>();
        var bodySize = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata { MaxRequestBodySize: { } max } && bodySize is { IsReadOnly: false })
        {
            bodySize.MaxRequestBodySize = max;
        }

        context.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = formLimits.MultipartBodyLengthLimit }));
        try
        {
            await request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException || e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            var data = tempData.GetTempData(context);
            data[TempDataKey] = true;
            data.Save();
            var query = QueryHelpers.ParseQuery(request.QueryString.Value);
            query.Remove("handler");
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
            return;
        }

        await next(context);
    }
}

/// <summary>Puts the "file too large" message of <see cref="UploadLimitsMiddleware"/> into the page's ModelState.</summary>
/// <remarks>
/// TempData is read only when the request carries its cookie: loading it on every page made every
/// response delete that cookie (a Set-Cookie), which no shared cache may store (ADR 0126).
/// </remarks>
public sealed class UploadLimitMessageFilter(
    ITempDataDictionaryFactory tempData,
    Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> localizer,
    Microsoft.Extensions.Options.IOptions<CookieTempDataProviderOptions> tempDataOptions) : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HttpContext.Request.Cookies.ContainsKey(tempDataOptions.Value.Cookie.Name!)
            && tempData.GetTempData(context.HttpContext).Remove(UploadLimitsMiddleware.TempDataKey))
        {
            context.ModelState.AddModelError(string.Empty, localizer[UploadLimitsMiddleware.Message]);
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
