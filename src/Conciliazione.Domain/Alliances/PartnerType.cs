namespace Conciliazione.Domain.Alliances;

/// <summary>The tipologia of a partner, as the regional plan template lists it.</summary>
public enum PartnerType
{
    EntePubblico,
    EntePubblicoEconomico,
    Cooperativa,
    Impresa,
    Altro,
}

public static class PartnerTypes
{
    public static string Italian(PartnerType type) => type switch
    {
        PartnerType.EntePubblico => "Ente pubblico",
        PartnerType.EntePubblicoEconomico => "Ente pubblico economico",
        PartnerType.Cooperativa => "Cooperativa",
        PartnerType.Impresa => "Impresa",
        _ => "Altro",
    };
}
