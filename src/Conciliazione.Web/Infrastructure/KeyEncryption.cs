using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Conciliazione.Web.Infrastructure;

/// <summary>
/// Encrypts the Data Protection key ring at rest (table <c>data_protection_keys</c>) with an X.509
/// certificate from configuration (ADR 0036): <c>DataProtection:CertificatePath</c> (a PKCS#12
/// file with its private key) and <c>DataProtection:CertificatePassword</c>.
/// </summary>
/// <remarks>
/// The keys sign and encrypt the login cookies, antiforgery tokens, reset and contact links: in
/// clear, anyone who reads the database (a backup, a replica, a support dump) could forge a staff
/// session. Rotation: a new certificate goes in CertificatePath, the old one stays in
/// <c>DataProtection:DecryptionCertificates:N:Path</c>/<c>:Password</c> until every key it
/// protected has expired. Outside Development the portal refuses to start without a certificate.
/// </remarks>
public static class KeyEncryption
{
    public const string Section = "DataProtection";

    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, IConfiguration config, IHostEnvironment environment)
    {
        var section = config.GetSection(Section);
        var path = section["CertificatePath"];
        if (string.IsNullOrWhiteSpace(path))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    "DataProtection:CertificatePath is not configured: the Data Protection keys would be stored in clear in the database. See docs/operations.md.");
            }

            return builder;
        }

        var current = Load(path, section["CertificatePassword"]);
        var decryption = new List<X509Certificate2> { current };
        foreach (var old in section.GetSection("DecryptionCertificates").GetChildren())
        {
            decryption.Add(Load(old["Path"] ?? throw new InvalidOperationException("DataProtection:DecryptionCertificates: an entry has no Path"), old["Password"]));
        }

        return builder.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([.. decryption]);
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException("The Data Protection certificate " + path + " has no private key.");
    }
}
