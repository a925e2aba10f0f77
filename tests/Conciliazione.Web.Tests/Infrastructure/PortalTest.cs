namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>Base of integration tests: a fresh database state (Respawn) before each test.</summary>
public abstract class PortalTest(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    protected PortalFactory Factory { get; } = factory;

    public virtual async ValueTask InitializeAsync() => await Factory.ResetAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
