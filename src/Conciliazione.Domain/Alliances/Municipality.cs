namespace Conciliazione.Domain.Alliances;

/// <summary>A comune of the alliance, identified by its ISTAT code.</summary>
public class Municipality
{
    public Guid Id { get; set; }
    public Guid AllianceId { get; set; }
    public Guid DistrictId { get; set; }
    public string IstatCode { get; set; } = "";
    public string Name { get; set; } = "";
    public int? Inhabitants { get; set; }

    public District? District { get; set; }
}
