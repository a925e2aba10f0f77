namespace Conciliazione.Web;

/// <summary>
/// Marker for the shared text resources. Keys are the Italian texts (the portal's first language);
/// Resources/SharedResource.en.resx holds the English ones (ADR 0005).
/// </summary>
public sealed class SharedResource;
