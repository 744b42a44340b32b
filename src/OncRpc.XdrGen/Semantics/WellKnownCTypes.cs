using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Semantics;

/// <summary>
/// Types that real .x files use without defining, because rpcgen's output is compiled against the C headers of
/// the RPC library (rpc/xdr.h, rpc/auth.h, rpc/types.h), which define them. They apply only when the file does
/// not define the name itself and no --bind names it. netbuf (a C struct of tirpc) has no XDR shape of its own:
/// bind it, e.g. to OncRpc.Portmapper.NetBuffer.
/// </summary>
internal static class WellKnownCTypes
{
    public static XType? TryGet(string name) => name switch
    {
        // xdr_netobj: a counted opaque of at most MAX_NETOBJ_SZ bytes.
        "netobj" => new OpaqueType(false, 1024),

        // xdr_des_block: the 8 bytes of a DES block.
        "des_block" => new OpaqueType(true, 8),

        // tirpc's rpc/types.h: 32-bit unsigned numbers.
        "rpcprog_t" or "rpcvers_t" or "rpcproc_t" or "rpcprot_t" or "rpcport_t" => new PrimitiveType(BuiltinType.UnsignedInt),
        _ => null,
    };
}
