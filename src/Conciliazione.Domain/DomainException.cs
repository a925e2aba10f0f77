namespace Conciliazione.Domain;

/// <summary>One reason a rule said no; <see cref="Field"/> names the input it is about (null: the form as a whole).</summary>
public sealed record DomainError(string? Field, string Message);

/// <summary>
/// A business rule said no. The message is Italian and meant for the person at the form: pages
/// catch it and put it into ModelState (each of <see cref="Errors"/> on its field when it names one).
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string message)
        : base(message)
    {
        Errors = [new DomainError(null, message)];
    }

    public DomainException()
    {
        Errors = [];
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new DomainError(null, message)];
    }

    public DomainException(IReadOnlyList<DomainError> errors)
        : base(string.Join(" ", (errors ?? []).Select(e => e.Message)))
    {
        Errors = errors ?? [];
    }

    /// <summary>The reasons, each with the field it belongs to when there is one.</summary>
    public IReadOnlyList<DomainError> Errors { get; }
}
