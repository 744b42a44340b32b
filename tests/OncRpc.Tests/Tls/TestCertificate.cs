using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OncRpc.Tests.Tls;

/// <summary>
/// Self-signed certificates made in the test with <see cref="CertificateRequest"/>: ECDSA P-256, valid for an hour,
/// naming <c>localhost</c> and 127.0.0.1, usable for server and client authentication. Each is also written as
/// PEM files (certificate, private key) for the Python peers.
/// </summary>
internal sealed class TestCertificate : IDisposable
{
    private TestCertificate(X509Certificate2 certificate, string directory, string name)
    {
        Certificate = certificate;
        CertificatePath = Path.Combine(directory, name + ".crt");
        KeyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        using ECDsa key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public static TestCertificate Create(string directory, string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));

        // Through PKCS#12 so that the private key is one SslStream can use on every platform.
        X509Certificate2 usable = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        Directory.CreateDirectory(directory);
        return new TestCertificate(usable, directory, commonName);
    }

    public void Dispose() => Certificate.Dispose();
}
