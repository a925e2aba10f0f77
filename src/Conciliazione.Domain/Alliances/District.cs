namespace Conciliazione.Domain.Alliances;

/// <summary>An ambito territoriale: a group of municipalities inside an alliance.</summary>
public class District
{
    public Guid Id { get; set; }
    public Guid AllianceId { get; set; }
    public string Name { get; set; } = "";

    public List<Municipality> Municipalities { get; } = [];
}
