using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// MVC options every page shares: no implicit "required" from non-nullable types, the framework's
/// model-binding messages in Italian (English through the shared resources). A handler name that
/// matches no handler for the request's method is answered by <see cref="UnmatchedHandlerFilter"/>.
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
