namespace OncRpc.Portmapper;

/// <summary>The semantics of a transport, as in the <c>nc_semantics</c> field of <c>/etc/netconfig</c> and <c>rpcb_entry</c>. Other values are kept as numbers.</summary>
public enum TransportSemantics : uint
{
    /// <summary>Connectionless (<c>NC_TPI_CLTS</c>, 1), for example UDP.</summary>
    Connectionless = 1,

    /// <summary>Connection-oriented (<c>NC_TPI_COTS</c>, 2).</summary>
    ConnectionOriented = 2,

    /// <summary>Connection-oriented with orderly release (<c>NC_TPI_COTS_ORD</c>, 3), for example TCP and local sockets.</summary>
    ConnectionOrientedOrderly = 3,

    /// <summary>Raw (<c>NC_TPI_RAW</c>, 4).</summary>
    Raw = 4,
}
