using System.Runtime.CompilerServices;

namespace Conciliazione.Browser.Tests;

internal static class NoFileWatchersInit
{
    /// <summary>The browser portals are hosts too: the same rule as the Web.Tests hosts.</summary>
    [ModuleInitializer]
    internal static void Apply() => Conciliazione.Web.Tests.Infrastructure.NoFileWatchers.Apply();
}
