using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using OncRpc.Client;

namespace OncRpc.Tests.Tls;

/// <summary>Client options for the TLS tests: trust exactly the test's server certificate, probe the test program.</summary>
internal static class TlsClientSettings
{
    public static RpcClientOptions For(
        TestCertificate trusted,
        RpcTlsPolicy policy = RpcTlsPolicy.Required,
        string? targetHost = "localhost",
        TestCertificate? clientCertificate = null,
        RpcClientIoMode ioMode = RpcClientIoMode.DedicatedThread,
        TimeSpan? handshakeTimeout = null) => new()
        {
            IoMode = ioMode,
            Timeout = TimeSpan.FromSeconds(20),
            Tls = new RpcClientTlsOptions
            {
                Policy = policy,
                ProbeProgram = TlsTestServer.Program,
                ProbeVersion = TlsTestServer.Version,
                HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(20),
                AuthenticationOptions = new SslClientAuthenticationOptions
                {
                    TargetHost = targetHost,
                    RemoteCertificateValidationCallback = TrustOnly(trusted),
                    ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate.Certificate },
                },
            },
        };

    /// <summary>Accepts the one self-signed certificate (so chain errors are expected) but nothing with a name mismatch.</summary>
    public static RemoteCertificateValidationCallback TrustOnly(TestCertificate trusted) => (_, certificate, _, errors) =>
        (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
        && certificate is not null
        && certificate.GetCertHashString() == trusted.Certificate.GetCertHashString();
}
