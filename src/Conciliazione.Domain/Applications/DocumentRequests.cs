using System.Linq.Expressions;

namespace Conciliazione.Domain.Applications;

/// <summary>
/// Queries over document requests that more than one page needs (the staff queue, the staff
/// application page, the family's home, the reminder job), written once as expressions EF translates.
/// </summary>
/// <remarks>
/// "Nothing lapses silently": an overdue request is not closed by the portal. It stays
/// <see cref="DocumentRequestStatus.Open"/>, and these predicates let every list show it as overdue
/// until staff extend the deadline, cancel the request or the family answers.
/// </remarks>
public static class DocumentRequests
{
    /// <summary>Open and past its deadline at <paramref name="now"/> (the same rule as <see cref="DocumentRequest.IsOverdueAt"/>).</summary>
    public static Expression<Func<DocumentRequest, bool>> Overdue(DateTimeOffset now) =>
        r => r.Status == DocumentRequestStatus.Open && r.DueAt <= now;

    /// <summary>Open and due at or before <paramref name="until"/> but not yet overdue at <paramref name="now"/>.</summary>
    public static Expression<Func<DocumentRequest, bool>> DueBetween(DateTimeOffset now, DateTimeOffset until) =>
        r => r.Status == DocumentRequestStatus.Open && r.DueAt > now && r.DueAt <= until;
}
