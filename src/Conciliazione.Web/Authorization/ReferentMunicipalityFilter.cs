using Conciliazione.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Conciliazione.Web.Authorization;

/// <summary>
/// On every page of the referent area: a request that names a municipality (query string or route value
/// <c>municipalityId</c>, <c>municipality</c>, <c>comune</c>) other than the referent's claim answers 404.
/// </summary>
/// <remarks>
/// SECURITY-CHECKS #14 (ASVS 8.4.1). The referent pages read the municipality from the claim only, so such a
/// parameter would be ignored anyway; answering 404 instead makes a tampered URL fail loudly rather than show
/// the referent's own figures under a link that looks like another municipality's, and it keeps pages added
/// later to the folder from starting to trust a parameter by accident. The same id as the claim is harmless.
/// </remarks>
public sealed class ReferentMunicipalityFilter : IPageFilter
{
    public static readonly IReadOnlyList<string> ParameterNames = ["municipalityId", "municipality", "comune", "comuneId"];

    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var claim = context.HttpContext.User.MunicipalityId();
        var request = context.HttpContext.Request;
        foreach (var name in ParameterNames)
        {
            var values = request.Query[name].Select(v => v ?? "").ToList();
            if (context.RouteData.Values.TryGetValue(name, out var route) && route is not null)
            {
                values.Add(route.ToString() ?? "");
            }

            if (values.Any(v => claim is null || !Guid.TryParse(v, out var id) || id != claim))
            {
                context.Result = new NotFoundResult();
                return;
            }
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
