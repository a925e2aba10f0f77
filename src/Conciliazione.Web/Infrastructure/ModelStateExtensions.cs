using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Conciliazione.Web.Infrastructure;

public static class ModelStateExtensions
{
    /// <summary>
    /// Drops the framework's binding errors (English, e.g. "The value 'x' is not valid"): the
    /// field stays null and the page's Italian validator says what is wrong, while the attempted
    /// value is kept so the form shows what was typed.
    /// </summary>
    public static void ClearBindingErrors(this ModelStateDictionary modelState)
    {
        foreach (var entry in modelState.Values)
        {
            entry.Errors.Clear();
            entry.ValidationState = ModelValidationState.Valid;
        }
    }
}
