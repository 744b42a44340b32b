using System.Net;
using OncRpc.Server;
using OncRpc.Xdr;

namespace OncRpc.Portmapper.Server;

/// <summary>The procedures of the portmapper, version 2 of program 100000.</summary>
internal sealed class PortmapperProcedures(MappingRegistry mappings, RpcbindStatisticsCollector statistics)
    : VersionProcedures(PortmapperProgram.Version2, mappings, statistics)
{
    private RemoteCallForwarder? _forwarder;

    public override void AddTo(RpcServer server, RemoteCallForwarder? forwarder)
    {
        Add(server, (uint)PortmapperProcedure.Null, XdrCodec.Void, XdrCodec.Void, Null);
        Add(server, (uint)PortmapperProcedure.Set, PortMapping.Codec, XdrCodec.Boolean, Set);
        Add(server, (uint)PortmapperProcedure.Unset, PortMapping.Codec, XdrCodec.Boolean, Unset);
        Add(server, (uint)PortmapperProcedure.GetPort, PortMapping.Codec, XdrCodec.UInt32, GetPort);
        Add(server, (uint)PortmapperProcedure.Dump, XdrCodec.Void, PortMapping.ListCodec, Dump);
        if (forwarder is not null)
        {
            _forwarder = forwarder;
            Add(server, (uint)PortmapperProcedure.CallIt, RemoteCallArguments.Codec, PortmapperRemoteCallResult.Codec, CallItAsync);
        }
    }

    private bool Set(PortMapping mapping, RpcCallContext context)
    {
        string address = $"0.0.0.0.{(mapping.Port >> 8) & 0xff}.{mapping.Port & 0xff}";
        var registration = new RpcbindMapping(
            mapping.Program, mapping.Version, ServiceAddresses.ProtocolNetId(mapping.Protocol), address, MappingRegistry.OwnerOf(context));
        return SetCore(context, registration, mapping.Protocol is PortMapping.Tcp or PortMapping.Udp);
    }

    private bool Unset(PortMapping mapping, RpcCallContext context)
    {
        // Version 2 UNSET ignores protocol and port: it removes the program version from TCP and UDP.
        bool tcp = UnsetCore(context, mapping.Program, mapping.Version, NetId.Tcp);
        bool udp = MappingRegistry.MayChange(context) && Mappings.Remove(mapping.Program, mapping.Version, NetId.Udp, MappingRegistry.OwnerOf(context));
        return tcp || udp;
    }

    private uint GetPort(PortMapping query, RpcCallContext context)
    {
        CountCall((uint)PortmapperProcedure.GetPort);
        string netId = ServiceAddresses.ProtocolNetId(query.Protocol);
        uint port = 0;
        if (netId.Length > 0 && Mappings.Find(query.Program, query.Version, netId, exactVersion: false) is { } found &&
            UniversalAddress.TryParse(found.Address, out UniversalAddress? address))
        {
            port = (uint)address.Port;
        }

        Statistics.CountLookup(Version, query.Program, query.Version, netId, port != 0);
        return port;
    }

    private IReadOnlyList<PortMapping> Dump(XdrVoid arguments, RpcCallContext context)
    {
        CountCall((uint)PortmapperProcedure.Dump);
        var list = new List<PortMapping>();
        foreach (RpcbindMapping m in Mappings.Snapshot())
        {
            uint protocol = m.NetId == NetId.Tcp ? PortMapping.Tcp : m.NetId == NetId.Udp ? PortMapping.Udp : 0;
            if (protocol != 0 && UniversalAddress.TryParse(m.Address, out UniversalAddress? address))
            {
                list.Add(new PortMapping(m.Program, m.Version, protocol, (uint)address.Port));
            }
        }

        return list;
    }

    private async ValueTask<PortmapperRemoteCallResult> CallItAsync(RemoteCallArguments call, RpcCallContext context, CancellationToken cancellationToken)
    {
        CountCall((uint)PortmapperProcedure.CallIt);
        (IPEndPoint target, ReadOnlyMemory<byte> results) = await _forwarder!.ForwardAsync(Version, call, context, indirect: false, cancellationToken).ConfigureAwait(false);
        return new PortmapperRemoteCallResult((uint)target.Port, results);
    }
}
