using Conciliazione.Domain.Applications;

namespace Conciliazione.Domain.Monitoring;

/// <summary>
/// One cell of the referent dashboard's summary (ADR 0110): how many submitted applications of residents of a
/// municipality a call of the alliance has in one status, by month of submission (Europe/Rome). Derived data,
/// rebuilt as a whole by <c>Web/Monitoring/ReferentSummary</c>; counts only, nothing personal.
/// </summary>
public class ReferentApplicationCell
{
    private ReferentApplicationCell()
    {
    }

    public Guid AllianceId { get; private set; }
    public Guid MunicipalityId { get; private set; }
    public Guid CallId { get; private set; }
    public ApplicationStatus Status { get; private set; }
    public DateOnly Month { get; private set; }
    public int Applications { get; private set; }
}

/// <summary>
/// One cell of the referent dashboard's summary (ADR 0110): the grants of residents of a municipality on a call,
/// by month of grant (Europe/Rome): active grants and their euros, vouchers with something paid and the euros paid.
/// </summary>
public class ReferentGrantCell
{
    private ReferentGrantCell()
    {
    }

    public Guid AllianceId { get; private set; }
    public Guid MunicipalityId { get; private set; }
    public Guid CallId { get; private set; }
    public DateOnly Month { get; private set; }
    public int Grants { get; private set; }
    public decimal Granted { get; private set; }
    public int PaidVouchers { get; private set; }
    public decimal Paid { get; private set; }
}

/// <summary>When the summary of an alliance was last rebuilt: the "dati aggiornati al" of the referent dashboard.</summary>
public class ReferentSummaryRefresh
{
    private ReferentSummaryRefresh()
    {
    }

    public Guid AllianceId { get; private set; }
    public DateTimeOffset RefreshedAt { get; private set; }
}
