namespace OncRpc.Tests.Tls;

/// <summary>A temporary directory for one test's certificates, deleted afterwards; with the server and client certificates in it.</summary>
internal sealed class TlsTestDirectory : IDisposable
{
    public TlsTestDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "oncrpc-tls-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
        Server = TestCertificate.Create(Path, "rpc-server");
        Client = TestCertificate.Create(Path, "rpc-client");
    }

    public string Path { get; }

    public TestCertificate Server { get; }

    public TestCertificate Client { get; }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
