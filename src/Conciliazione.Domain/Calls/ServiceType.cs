namespace Conciliazione.Domain.Calls;

/// <summary>
/// The services a voucher can pay for. The first eight are the childcare services of action B,
/// the last four the care and transport services of action A (BRIEF "Voucher calls").
/// </summary>
public enum ServiceType
{
    Micronido,
    CentroPrimaInfanzia,
    NidoFamiglia,
    BabySitting,
    BabyParking,
    Ludoteca,
    CentroEstivo,
    OtherFlexibleChildcare,
    BabySitter,
    ProfessionalCarer,
    FamilyAssistant,
    FragilePersonTransport,
}

/// <summary>Which services belong to which voucher action, and their Italian names.</summary>
public static class ServiceTypes
{
    /// <summary>Action B: voucher per i servizi all'infanzia.</summary>
    public static readonly IReadOnlyList<ServiceType> Childcare =
    [
        ServiceType.Micronido, ServiceType.CentroPrimaInfanzia, ServiceType.NidoFamiglia, ServiceType.BabySitting,
        ServiceType.BabyParking, ServiceType.Ludoteca, ServiceType.CentroEstivo, ServiceType.OtherFlexibleChildcare,
    ];

    /// <summary>Action A: voucher per l'assistenza e il trasporto di persone fragili.</summary>
    public static readonly IReadOnlyList<ServiceType> Care =
    [
        ServiceType.BabySitter, ServiceType.ProfessionalCarer, ServiceType.FamilyAssistant, ServiceType.FragilePersonTransport,
    ];

    public static readonly IReadOnlyList<ServiceType> All = Enum.GetValues<ServiceType>();

    /// <summary>
    /// The services a call of the action with <paramref name="actionCode"/> may fund: A care,
    /// B childcare, any other action none (it is not a voucher action).
    /// </summary>
    public static IReadOnlyList<ServiceType> ForAction(string actionCode) => actionCode switch
    {
        "A" => Care,
        "B" => Childcare,
        _ => [],
    };

    public static bool IsVoucherAction(string actionCode) => ForAction(actionCode).Count > 0;

    /// <summary>
    /// What a provider can deliver under a call: the services it offers that the call funds, in the
    /// call's order. Empty means the provider cannot be chosen for any service of the call; a
    /// provider is a valid choice for a service only when that service is in this list.
    /// </summary>
    public static IReadOnlyList<ServiceType> OfferedUnder(IEnumerable<ServiceType> providerOffers, IEnumerable<ServiceType> callFunds)
    {
        var offers = providerOffers.ToHashSet();
        return callFunds.Where(offers.Contains).Distinct().ToList();
    }

    public static string Italian(ServiceType type) => type switch
    {
        ServiceType.Micronido => "Micronido",
        ServiceType.CentroPrimaInfanzia => "Centro prima infanzia",
        ServiceType.NidoFamiglia => "Nido famiglia",
        ServiceType.BabySitting => "Baby-sitting",
        ServiceType.BabyParking => "Baby-parking",
        ServiceType.Ludoteca => "Ludoteca",
        ServiceType.CentroEstivo => "Centro estivo",
        ServiceType.OtherFlexibleChildcare => "Altri servizi per l'infanzia flessibili",
        ServiceType.BabySitter => "Baby-sitter",
        ServiceType.ProfessionalCarer => "Assistente professionale",
        ServiceType.FamilyAssistant => "Assistente familiare",
        ServiceType.FragilePersonTransport => "Trasporto di persone fragili",
        _ => type.ToString(),
    };
}
