using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Conciliazione.Web.Tests.Infrastructure;

/// <summary>
/// A self-signed certificate that encrypts the Data Protection keys at rest in tests, made once
/// per test run in a temporary PKCS#12 file (the portal reads it from DataProtection:CertificatePath).
/// </summary>
public static class TestKeyCertificate
{
    public const string Password = "test-key-certificate";

    private static readonly Lazy<string> File = new(Create);

    public static string Path => File.Value;

    /// <summary>Writes a new certificate to a new temporary file: for rotation tests.</summary>
    public static string Create()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Conciliazione test data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "conciliazione-dp-" + Guid.NewGuid().ToString("N") + ".pfx");
        System.IO.File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }
}
