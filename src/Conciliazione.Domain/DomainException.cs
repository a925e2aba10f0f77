namespace Conciliazione.Domain;

/// <summary>
/// A business rule said no. The message is Italian and meant for the person at the form: pages
/// catch it and put it into ModelState.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string message)
        : base(message)
    {
    }

    public DomainException()
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
