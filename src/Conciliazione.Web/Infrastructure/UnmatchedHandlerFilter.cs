using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// A request that names a page handler the page has not got for its HTTP method answers 405 (or 404
/// for a name the page does not know), instead of rendering the page.
/// </summary>
/// <remarks>
/// Razor Pages, when no handler has that name for the method (e.g. <c>GET /Staff/Calls/Details/{id}?handler=Close</c>,
/// where only <c>OnPostCloseAsync</c> exists), runs the unnamed <c>OnGet</c> and renders the page with 200: a link or
/// a prefetch that looks like it changed state. SECURITY-CHECKS #20 wants state-changing handlers
/// reachable by POST only, and a clear refusal otherwise.
/// </remarks>
public sealed class UnmatchedHandlerFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var request = context.HttpContext.Request;

        // The error pages, re-executed for a failed request, keep its method and query (?handler=Isee):
        // they answer it whatever handler it named (the 503 page after a wizard step, ADR 0144).
        if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null
            || context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null)
        {
            return;
        }

        // A POST to a page that has no handler for it (e.g. a read-only page) would render the page
        // with nothing loaded: refuse it with 405 instead of an error page.
        if (context.HandlerMethod is null && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.HttpContext.Response.Headers.Allow = string.Join(", ", context.ActionDescriptor.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()).Append("GET").Distinct());
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return;
        }

        var name = context.RouteData.Values["handler"]?.ToString();
        if (string.IsNullOrEmpty(name))
        {
            name = request.Query["handler"].ToString();
        }

        // Razor Pages falls back to the unnamed handler (OnGet) when the name matches none: that is the case to refuse.
        if (string.IsNullOrEmpty(name) || string.Equals(context.HandlerMethod?.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var others = context.ActionDescriptor.HandlerMethods
            .Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))
            .Select(h => h.HttpMethod.ToUpperInvariant())
            .Distinct()
            .ToList();
        if (others.Count == 0)
        {
            context.Result = new NotFoundResult();
            return;
        }

        context.HttpContext.Response.Headers.Allow = string.Join(", ", others);
        context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
