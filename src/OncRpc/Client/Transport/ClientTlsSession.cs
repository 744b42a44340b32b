namespace OncRpc.Client.Transport;

/// <summary>A stream connection after a successful RPC-with-TLS start: the TLS stream the transport reads and writes, and what it agreed on.</summary>
internal sealed class ClientTlsSession(Stream stream, RpcTlsInfo info)
{
    public Stream Stream { get; } = stream;

    public RpcTlsInfo Info { get; } = info;
}
