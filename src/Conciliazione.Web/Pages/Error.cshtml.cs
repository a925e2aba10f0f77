using System.Diagnostics;
using Conciliazione.Domain.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Conciliazione.Web.Pages;

/// <summary>
/// Generic error page: no exception details, only a request id to quote (ASVS 16.5.1). When the
/// database cannot serve (retries exhausted, server restarting, disk full: ADR 0144) it answers
/// 503 with Retry-After and says so: nothing was saved, the form is still there with Back.
/// </summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string RequestId { get; private set; } = "";

    /// <summary>The database could not serve the request: a 503, not a fault of the portal.</summary>
    public bool Unavailable { get; private set; }

    /// <summary>The failed request was a form sent (POST): its input is still in the browser's previous page.</summary>
    public bool WasForm { get; private set; }

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var error = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        Unavailable = PortalExecutionStrategy.IsUnavailable(error?.Error);
        WasForm = HttpMethods.IsPost(Request.Method);
        if (Unavailable)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "60";
            // The layout must not ask the database for the alliance's name again.
            ViewData["DatabaseUnavailable"] = true;
        }
    }
}
