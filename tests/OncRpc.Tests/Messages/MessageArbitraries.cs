using FsCheck;
using FsCheck.Fluent;
using OncRpc.Messages;

namespace OncRpc.Tests.Messages;

/// <summary>FsCheck generators for message headers and authentication values, edge values included.</summary>
public static class MessageArbitraries
{
    public static Gen<uint> UInt32 { get; } = Gen.Frequency(
        (1, Gen.Elements(0u, 1u, 2u, 0x7FFF_FFFFu, 0x8000_0000u, uint.MaxValue)),
        (4, Gen.Zip(Gen.Choose(0, 0xFFFF), Gen.Choose(0, 0xFFFF), (hi, lo) => ((uint)hi << 16) | (uint)lo)));

    public static Gen<byte[]> Bytes(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    public static Gen<OpaqueAuth> OpaqueAuthGen { get; } =
        Gen.Zip(
            Gen.Frequency(
                (3, Gen.Elements(AuthFlavor.None, AuthFlavor.Sys, AuthFlavor.Short, AuthFlavor.Dh, AuthFlavor.RpcSecGss, AuthFlavor.Tls)),
                (1, UInt32.Select(u => (AuthFlavor)(int)u))),
            Gen.Frequency((3, Bytes(16)), (1, Bytes(OncRpc.Messages.OpaqueAuth.MaxBodyLength))),
            (flavor, body) => new OncRpc.Messages.OpaqueAuth(flavor, body));

    public static Gen<RpcCallHeader> CallGen { get; } =
        from xid in UInt32
        from rpcvers in Gen.Frequency((5, Gen.Constant(2u)), (1, UInt32))
        from prog in UInt32
        from vers in UInt32
        from proc in UInt32
        from cred in OpaqueAuthGen
        from verf in OpaqueAuthGen
        select new RpcCallHeader(xid, prog, vers, proc, cred, verf) { RpcVersion = rpcvers };

    public static Gen<RpcReplyHeader> ReplyGen { get; } =
        from xid in UInt32
        from verf in OpaqueAuthGen
        from low in UInt32
        from high in UInt32
        from auth in Gen.Frequency((3, Gen.Choose(0, 14)), (1, UInt32.Select(u => (int)u))).Select(i => (AuthStatus)i)
        from form in Gen.Choose(0, 7)
        select form switch
        {
            0 => RpcReplyHeader.Success(xid, verf),
            1 => RpcReplyHeader.ProgramUnavailable(xid, verf),
            2 => RpcReplyHeader.ProgramMismatch(xid, low, high, verf),
            3 => RpcReplyHeader.ProcedureUnavailable(xid, verf),
            4 => RpcReplyHeader.GarbageArguments(xid, verf),
            5 => RpcReplyHeader.SystemError(xid, verf),
            6 => RpcReplyHeader.RpcMismatch(xid, low, high),
            _ => RpcReplyHeader.AuthError(xid, auth),
        };

    public static Gen<AuthSysParameters> AuthSysGen { get; } =
        from stamp in UInt32
        from name in Gen.Frequency(
            (3, Gen.Choose(0, 64).SelectMany(n => Gen.ArrayOf(Gen.Choose(0x20, 0x7E).Select(c => (char)c), n))),
            (1, Gen.Choose(0, 127).SelectMany(n => Gen.ArrayOf(Gen.Elements('é', 'ß', 'ж', 'x'), n))))
        from uid in UInt32
        from gid in UInt32
        from gids in Gen.Choose(0, AuthSysParameters.MaxGroupCount).SelectMany(n => Gen.ArrayOf(UInt32, n))
        select new AuthSysParameters(stamp, new string(name), uid, gid, gids);

    public static Arbitrary<OncRpc.Messages.OpaqueAuth> OpaqueAuth() => Arb.From(OpaqueAuthGen);

    public static Arbitrary<RpcCallHeader> Call() => Arb.From(CallGen);

    public static Arbitrary<RpcReplyHeader> Reply() => Arb.From(ReplyGen);

    public static Arbitrary<AuthSysParameters> AuthSys() => Arb.From(AuthSysGen);
}
