namespace Conciliazione.Domain.Alliances;

/// <summary>
/// An alleanza locale per la conciliazione: the owner of every other record, so one deployment
/// can serve several alliances.
/// </summary>
public class Alliance
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string LeadPartnerName { get; set; } = "";
    public string? Description { get; set; }

    public List<District> Districts { get; } = [];
}
