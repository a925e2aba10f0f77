using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Conciliazione.Web.Infrastructure;

public static class ValidationResultExtensions
{
    /// <summary>Copies FluentValidation errors into ModelState under "{prefix}.{Property}" (manual validation, STYLE habit 2).</summary>
    public static void AddToModelState(this ValidationResult result, ModelStateDictionary modelState, string prefix)
    {
        foreach (var error in result.Errors)
        {
            var key = string.IsNullOrEmpty(error.PropertyName) ? prefix : $"{prefix}.{error.PropertyName}";
            modelState.AddModelError(key, error.ErrorMessage);
        }
    }
}
