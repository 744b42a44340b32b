using System.Net;
using OncRpc.Server;
using OncRpc.Xdr;

namespace OncRpc.Portmapper.Server;

/// <summary>The procedures of rpcbind, version 3 or 4 of program 100000 (version 4 adds GETVERSADDR, INDIRECT, GETADDRLIST and GETSTAT).</summary>
internal sealed class RpcbindProcedures(uint version, MappingRegistry mappings, RpcbindStatisticsCollector statistics, TimeProvider timeProvider)
    : VersionProcedures(version, mappings, statistics)
{
    private RemoteCallForwarder? _forwarder;

    private bool IsVersion4 => Version == PortmapperProgram.Version4;

    public override void AddTo(RpcServer server, RemoteCallForwarder? forwarder)
    {
        Add(server, (uint)RpcbindProcedure.Null, XdrCodec.Void, XdrCodec.Void, Null);
        Add(server, (uint)RpcbindProcedure.Set, RpcbindMapping.Codec, XdrCodec.Boolean, Set);
        Add(server, (uint)RpcbindProcedure.Unset, RpcbindMapping.Codec, XdrCodec.Boolean, Unset);
        Add(server, (uint)RpcbindProcedure.GetAddr, RpcbindMapping.Codec, XdrCodec.String, GetAddr);
        Add(server, (uint)RpcbindProcedure.Dump, XdrCodec.Void, RpcbindMapping.ListCodec, Dump);
        Add(server, (uint)RpcbindProcedure.GetTime, XdrCodec.Void, XdrCodec.UInt32, GetTime);
        Add(server, (uint)RpcbindProcedure.Uaddr2Taddr, XdrCodec.String, NetBuffer.Codec, Uaddr2Taddr);
        Add(server, (uint)RpcbindProcedure.Taddr2Uaddr, NetBuffer.Codec, XdrCodec.String, Taddr2Uaddr);
        if (IsVersion4)
        {
            Add(server, (uint)RpcbindProcedure.GetVersAddr, RpcbindMapping.Codec, XdrCodec.String, GetVersAddr);
            Add(server, (uint)RpcbindProcedure.GetAddrList, RpcbindMapping.Codec, RpcbindEntry.ListCodec, GetAddrList);
            Add(server, (uint)RpcbindProcedure.GetStat, XdrCodec.Void, RpcbindStatisticsByVersion.Codec, GetStat);
        }

        if (forwarder is not null)
        {
            _forwarder = forwarder;
            Add(server, (uint)RpcbindProcedure.CallIt, RemoteCallArguments.Codec, RpcbindRemoteCallResult.Codec, CallItAsync);
            if (IsVersion4)
            {
                Add(server, (uint)RpcbindProcedure.Indirect, RemoteCallArguments.Codec, RpcbindRemoteCallResult.Codec, IndirectAsync);
            }
        }
    }

    private bool Set(RpcbindMapping mapping, RpcCallContext context) =>
        SetCore(context, new RpcbindMapping(mapping.Program, mapping.Version, mapping.NetId, mapping.Address, MappingRegistry.OwnerOf(context)), valid: true);

    private bool Unset(RpcbindMapping mapping, RpcCallContext context) =>
        UnsetCore(context, mapping.Program, mapping.Version, mapping.NetId);

    private string GetAddr(RpcbindMapping query, RpcCallContext context) => Lookup(query, context, exactVersion: false);

    private string GetVersAddr(RpcbindMapping query, RpcCallContext context) => Lookup(query, context, exactVersion: true);

    private IReadOnlyList<RpcbindMapping> Dump(XdrVoid arguments, RpcCallContext context)
    {
        CountCall((uint)RpcbindProcedure.Dump);
        return Mappings.Snapshot();
    }

    private uint GetTime(XdrVoid arguments, RpcCallContext context)
    {
        CountCall((uint)RpcbindProcedure.GetTime);
        return (uint)timeProvider.GetUtcNow().ToUnixTimeSeconds();
    }

    private NetBuffer Uaddr2Taddr(string universalAddress, RpcCallContext context)
    {
        CountCall((uint)RpcbindProcedure.Uaddr2Taddr);
        return TransportAddress.ToNetBuffer(universalAddress);
    }

    private string Taddr2Uaddr(NetBuffer transportAddress, RpcCallContext context)
    {
        CountCall((uint)RpcbindProcedure.Taddr2Uaddr);
        return TransportAddress.ToUniversalAddress(transportAddress, context.Transport, context.LocalEndPoint);
    }

    private RpcbindStatisticsByVersion GetStat(XdrVoid arguments, RpcCallContext context)
    {
        CountCall((uint)RpcbindProcedure.GetStat);
        return Statistics.Snapshot();
    }

    /// <summary>GETADDR and GETVERSADDR: the address of the program on the caller's netid (or the one asked for), wildcards merged.</summary>
    private string Lookup(RpcbindMapping query, RpcCallContext context, bool exactVersion)
    {
        CountCall(exactVersion ? (uint)RpcbindProcedure.GetVersAddr : (uint)RpcbindProcedure.GetAddr);
        string netId = string.IsNullOrEmpty(query.NetId) ? ServiceAddresses.NetIdOf(context.Transport, context.LocalEndPoint) : query.NetId;
        RpcbindMapping? found = Mappings.Find(query.Program, query.Version, netId, exactVersion);
        Statistics.CountLookup(Version, query.Program, query.Version, netId, found is not null);
        return found is null ? string.Empty : ServiceAddresses.Merge(found.Address, context);
    }

    private IReadOnlyList<RpcbindEntry> GetAddrList(RpcbindMapping query, RpcCallContext context)
    {
        CountCall((uint)RpcbindProcedure.GetAddrList);
        var entries = new List<RpcbindEntry>();
        foreach (RpcbindMapping m in Mappings.Snapshot())
        {
            if (m.Program != query.Program || m.Version != query.Version ||
                (!string.IsNullOrEmpty(query.NetId) && m.NetId != query.NetId) ||
                !NetId.TryGetInfo(m.NetId, out NetIdInfo info))
            {
                continue;
            }

            entries.Add(new RpcbindEntry(ServiceAddresses.Merge(m.Address, context), m.NetId, info.Semantics, info.ProtocolFamily, info.ProtocolName));
        }

        Statistics.CountLookup(Version, query.Program, query.Version, query.NetId ?? string.Empty, entries.Count > 0);
        return entries;
    }

    private ValueTask<RpcbindRemoteCallResult> CallItAsync(RemoteCallArguments call, RpcCallContext context, CancellationToken cancellationToken) =>
        ForwardAsync(RpcbindProcedure.CallIt, call, context, cancellationToken);

    private ValueTask<RpcbindRemoteCallResult> IndirectAsync(RemoteCallArguments call, RpcCallContext context, CancellationToken cancellationToken) =>
        ForwardAsync(RpcbindProcedure.Indirect, call, context, cancellationToken);

    private async ValueTask<RpcbindRemoteCallResult> ForwardAsync(RpcbindProcedure procedure, RemoteCallArguments call, RpcCallContext context, CancellationToken cancellationToken)
    {
        CountCall((uint)procedure);
        bool indirect = procedure == RpcbindProcedure.Indirect;
        (IPEndPoint target, ReadOnlyMemory<byte> results) = await _forwarder!.ForwardAsync(Version, call, context, indirect, cancellationToken).ConfigureAwait(false);
        return new RpcbindRemoteCallResult(UniversalAddress.FromEndPoint(target).ToString(), results);
    }
}
