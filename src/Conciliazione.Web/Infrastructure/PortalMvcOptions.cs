using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// MVC options every page shares: no implicit "required" from non-nullable types, the framework's
/// model-binding messages in Italian (English through the shared resources), and a handler name
/// that matches no handler for the request's method answered with 404.
/// </summary>
/// <remarks>
/// With nullable reference types on, MVC treats every non-nullable bound property as [Required]
/// and validates it even on a GET ("The Step field is required." on an untouched wizard step).
/// The portal's rules are in its validators (STYLE.md habit 2), so the implicit attribute is off.
/// The framework's own binding messages ("The value '' is invalid.") can still reach a page when a
/// value cannot be converted: they are given Italian texts, keys of the shared resources.
/// </remarks>
public sealed class PortalMvcOptions(IStringLocalizerFactory localizers) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        options.Filters.Add(new UnknownPageHandlerFilter());
        var l = localizers.Create(typeof(SharedResource));
        var m = options.ModelBindingMessageProvider;
        m.SetMissingBindRequiredValueAccessor(name => l["Manca un valore per il campo {0}.", name]);
        m.SetMissingKeyOrValueAccessor(() => l["Manca un valore."]);
        m.SetMissingRequestBodyRequiredValueAccessor(() => l["La richiesta non contiene dati."]);
        m.SetValueMustNotBeNullAccessor(value => l["Il campo è obbligatorio."]);
        m.SetAttemptedValueIsInvalidAccessor((value, name) => l["Il valore «{0}» non è valido.", value]);
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => l["Il valore «{0}» non è valido.", value]);
        m.SetUnknownValueIsInvalidAccessor(name => l["Il valore inserito non è valido."]);
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["Il valore inserito non è valido."]);
        m.SetValueIsInvalidAccessor(value => l["Il valore «{0}» non è valido.", value]);
        m.SetValueMustBeANumberAccessor(name => l["Il campo deve contenere un numero."]);
        m.SetNonPropertyValueMustBeANumberAccessor(() => l["Il campo deve contenere un numero."]);
    }
}

/// <summary>
/// A request naming a handler (<c>?handler=Withdraw</c>) that has no method for the request's verb
/// would otherwise fall back to the page's plain OnGet: a GET to a POST-only action answers 404
/// instead (SECURITY-CHECKS #20), so a state-changing handler is never reachable by a link.
/// </summary>
public sealed class UnknownPageHandlerFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var requested = context.RouteData.Values.TryGetValue("handler", out var routeValue) && routeValue is string r && r.Length > 0
            ? r
            : context.HttpContext.Request.Query["handler"].FirstOrDefault();
        if (!string.IsNullOrEmpty(requested) && !string.Equals(context.HandlerMethod?.Name, requested, StringComparison.OrdinalIgnoreCase))
        {
            context.Result = new NotFoundResult();
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
