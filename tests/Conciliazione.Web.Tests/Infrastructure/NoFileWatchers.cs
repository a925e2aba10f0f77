using System.Runtime.CompilerServices;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>
/// Test hosts watch no files. Each portal host would otherwise open inotify instances (the
/// appsettings files, the web root for asp-append-version) and a CI machine allows 128 per user:
/// with two test projects running their classes in parallel, hosts started to fail with "The
/// configured user limit (128) on the number of inotify instances has been reached". Tests never
/// edit a file under a running host, so nothing is lost.
/// </summary>
public static class NoFileWatchers
{
    public const string PollingVariable = "DOTNET_USE_POLLING_FILE_WATCHER";
    public const string ReloadVariable = "DOTNET_hostBuilder__reloadConfigOnChange";

    [ModuleInitializer]
    public static void Apply()
    {
        // Physical file providers poll (passively: only when asked) instead of opening a watcher.
        Environment.SetEnvironmentVariable(PollingVariable, "true");
        // WebApplication.CreateBuilder reads DOTNET_ variables as host settings: no reload on change.
        Environment.SetEnvironmentVariable(ReloadVariable, "false");
    }
}
