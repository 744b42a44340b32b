namespace OncRpc.Portmapper;

/// <summary>The procedures of the rpcbind protocol, versions 3 and 4 (RFC 1833 §2.2).</summary>
public enum RpcbindProcedure : uint
{
    /// <summary>RPCBPROC_NULL: does nothing; checks that the service answers.</summary>
    Null = 0,

    /// <summary>RPCBPROC_SET: registers an address.</summary>
    Set = 1,

    /// <summary>RPCBPROC_UNSET: removes a registration.</summary>
    Unset = 2,

    /// <summary>RPCBPROC_GETADDR: finds the universal address of a program and version.</summary>
    GetAddr = 3,

    /// <summary>RPCBPROC_DUMP: lists every registration.</summary>
    Dump = 4,

    /// <summary>RPCBPROC_CALLIT (version 3) or RPCBPROC_BCAST (version 4): calls a procedure of a registered program on the caller's behalf.</summary>
    CallIt = 5,

    /// <summary>RPCBPROC_GETTIME: returns the server's time.</summary>
    GetTime = 6,

    /// <summary>RPCBPROC_UADDR2TADDR: converts a universal address to a transport address.</summary>
    Uaddr2Taddr = 7,

    /// <summary>RPCBPROC_TADDR2UADDR: converts a transport address to a universal address.</summary>
    Taddr2Uaddr = 8,

    /// <summary>RPCBPROC_GETVERSADDR (version 4): finds the address of exactly one version.</summary>
    GetVersAddr = 9,

    /// <summary>RPCBPROC_INDIRECT (version 4): calls a procedure of a registered program, reporting errors.</summary>
    Indirect = 10,

    /// <summary>RPCBPROC_GETADDRLIST (version 4): lists the addresses of a program on every transport.</summary>
    GetAddrList = 11,

    /// <summary>RPCBPROC_GETSTAT (version 4): returns rpcbind's statistics.</summary>
    GetStat = 12,
}
