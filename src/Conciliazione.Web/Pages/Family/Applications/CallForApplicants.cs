using Conciliazione.Domain.Applications;

namespace Conciliazione.Web.Pages.Family.Applications;

public sealed record Choice(string Key, string Label);

public sealed record DocumentRequirement(string Key, string Label, bool Mandatory);

public sealed record DeclarationText(string Key, string Text);

public sealed record ProviderChoice(Guid Id, string Name, string Municipality, IReadOnlyList<string> ServiceTypes);

/// <summary>
/// What the application pages need to know about a call, read from its current (or frozen) version:
/// the window, the service period, the choices offered, the rules, the documents and the
/// self-declaration texts. Built by <see cref="ICallCatalog"/>.
/// </summary>
public sealed record CallForApplicants(
    Guid Id,
    Guid AllianceId,
    string Reference,
    string Title,
    string ActionCode,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    DateOnly ServiceFrom,
    DateOnly ServiceTo,
    IReadOnlyList<Choice> ServiceTypes,
    IReadOnlyList<ProviderChoice> Providers,
    bool OtherProviderAllowed,
    EligibilityCriteria Criteria,
    IReadOnlyList<DocumentRequirement> Documents,
    IReadOnlyList<DeclarationText> Declarations,
    bool AsksFragilityData,
    bool AcceptsApplications = true)
{
    /// <summary>Action A calls are for carers of a fragile person; action B calls for children.</summary>
    public bool IsForChildren => ActionCode == "B";

    /// <summary>Published (not closed early by staff) and inside its window, by the server's clock.</summary>
    public bool IsOpenAt(DateTimeOffset now) => AcceptsApplications && now >= OpensAt && now < ClosesAt;
}

/// <summary>Reads calls for the application pages (the boundary to the Calls feature).</summary>
public interface ICallCatalog
{
    Task<CallForApplicants?> FindAsync(Guid callId, CancellationToken ct);

    /// <summary>The municipalities of the call's alliance, for the residence question.</summary>
    Task<IReadOnlyList<Choice>> MunicipalitiesAsync(Guid allianceId, CancellationToken ct);
}
