namespace Conciliazione.Domain.Alliances;

/// <summary>An ente partner of an alliance: a municipality, a public body, a cooperative, a company.</summary>
public class Partner
{
    private Partner()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public string Name { get; private set; } = "";
    public PartnerType Type { get; private set; }

    /// <summary>The capofila: coordinates the project and answers to the ATS.</summary>
    public bool IsLeadPartner { get; private set; }

    /// <summary>PostgreSQL <c>xmin</c>: two staff editing the same partner cannot overwrite each other.</summary>
    public uint Version { get; private set; }

    public List<PartnerContact> Contacts { get; } = [];

    public static Partner Create(Guid id, Guid allianceId, string name, PartnerType type, bool isLeadPartner = false)
    {
        var partner = new Partner { Id = id, AllianceId = allianceId, IsLeadPartner = isLeadPartner };
        partner.Revise(name, type);
        return partner;
    }

    public void Revise(string name, PartnerType type)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Inserire il nome dell'ente.");
        }

        if (!Enum.IsDefined(type))
        {
            throw new DomainException("Scegliere la tipologia dell'ente.");
        }

        Name = name.Trim();
        Type = type;
    }

    public PartnerContact AddContact(string fullName, string role, string? email, string? phone)
    {
        if (string.IsNullOrWhiteSpace(fullName) || string.IsNullOrWhiteSpace(role))
        {
            throw new DomainException("Inserire nome e ruolo del referente.");
        }

        if (!string.IsNullOrWhiteSpace(email) && Contacts.Any(c => string.Equals(c.Email, email.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException("Questo indirizzo e-mail è già tra i referenti dell'ente.");
        }

        var contact = new PartnerContact
        {
            Id = Guid.NewGuid(),
            PartnerId = Id,
            FullName = fullName.Trim(),
            Role = role.Trim(),
            Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim(),
        };
        Contacts.Add(contact);
        return contact;
    }

    /// <summary>Corrects a contact in place (name, role, e-mail, phone), keeping e-mails unique within the partner.</summary>
    public PartnerContact ReviseContact(Guid contactId, string fullName, string role, string? email, string? phone)
    {
        var contact = Contacts.FirstOrDefault(c => c.Id == contactId)
            ?? throw new DomainException("Il referente non esiste più: forse è già stato rimosso.");
        if (string.IsNullOrWhiteSpace(fullName) || string.IsNullOrWhiteSpace(role))
        {
            throw new DomainException("Inserire nome e ruolo del referente.");
        }

        if (!string.IsNullOrWhiteSpace(email) && Contacts.Any(c => c.Id != contactId && string.Equals(c.Email, email.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException("Questo indirizzo e-mail è già tra i referenti dell'ente.");
        }

        contact.FullName = fullName.Trim();
        contact.Role = role.Trim();
        contact.Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        contact.Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        return contact;
    }

    public void RemoveContact(Guid contactId)
    {
        var contact = Contacts.FirstOrDefault(c => c.Id == contactId)
            ?? throw new DomainException("Il referente non esiste più: forse è già stato rimosso.");
        Contacts.Remove(contact);
    }
}

/// <summary>A person to contact at a partner, with their role (e.g. referente per la conciliazione).</summary>
public class PartnerContact
{
    public Guid Id { get; set; }
    public Guid PartnerId { get; set; }
    public string FullName { get; set; } = "";
    public string Role { get; set; } = "";
    public string? Email { get; set; }
    public string? Phone { get; set; }
}
