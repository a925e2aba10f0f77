using Conciliazione.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Conciliazione.Web.Infrastructure;

public static class DomainErrors
{
    /// <summary>
    /// Puts each reason of <paramref name="ex"/> into ModelState: on <c>fieldPrefix.Field</c> (or
    /// <c>Field</c> without a prefix) when the domain names the field, so the input is marked
    /// invalid and points at its message; else on <paramref name="prefix"/> (the form's summary).
    /// </summary>
    public static void AddDomainErrors(this ModelStateDictionary modelState, DomainException ex, string prefix, string? fieldPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(ex);
        if (ex.Errors.Count == 0)
        {
            modelState.AddModelError(prefix, ex.Message);
            return;
        }

        foreach (var error in ex.Errors)
        {
            var key = error.Field is null ? prefix : string.IsNullOrEmpty(fieldPrefix) ? error.Field : fieldPrefix + "." + error.Field;
            modelState.AddModelError(key, error.Message);
        }
    }
}
