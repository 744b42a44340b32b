namespace OncRpc.Portmapper;

/// <summary>Well-known numbers of the portmapper and rpcbind program (RFC 1833).</summary>
public static class PortmapperProgram
{
    /// <summary>The program number of the portmapper and rpcbind: 100000.</summary>
    public const uint Number = 100000;

    /// <summary>The well-known port of the portmapper and rpcbind on TCP and UDP: 111.</summary>
    public const int Port = 111;

    /// <summary>The portmapper protocol version: 2.</summary>
    public const uint Version2 = 2;

    /// <summary>The rpcbind protocol version 3.</summary>
    public const uint Version3 = 3;

    /// <summary>The rpcbind protocol version 4.</summary>
    public const uint Version4 = 4;

    /// <summary>The path of the Unix domain socket on which Linux rpcbind listens (netid <c>local</c>): <c>/run/rpcbind.sock</c>.</summary>
    public const string LocalSocketPath = "/run/rpcbind.sock";
}
