namespace Conciliazione.Web.Infrastructure;

/// <summary>The "Portal" configuration section.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Apply pending EF migrations at start-up (on in development and in the quick start).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Seed the fictional demo accounts and the Castellanza alliance's plan.</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>Password given to the demo accounts when <see cref="SeedDemoData"/> is on.</summary>
    public string DemoPassword { get; set; } = "Conciliazione-demo-2026";

    /// <summary>Folder where e-mails are written as .eml files when no SMTP server is configured.</summary>
    public string MailPickupDirectory { get; set; } = "mail-pickup";

    public string MailFrom { get; set; } = "noreply@conciliazione.example.org";

    /// <summary>
    /// Families with a local password instead of SPID/CIE (DL 76/2020 art. 24 allows it only where
    /// SPID/CIE cannot be used). Off by default; no registration page exists yet.
    /// </summary>
    public bool LocalFamilyAccounts { get; set; }
}
