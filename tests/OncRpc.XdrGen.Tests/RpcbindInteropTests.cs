using System.Net;
using Corpus.RpcbProt;
using OncRpc;
using OncRpc.Client;
using OncRpc.Portmapper;
using OncRpc.Testing;
using Xunit;

namespace OncRpc.XdrGen.Tests;

/// <summary>
/// tirpc's rpcb_prot.x, generated with <c>--bind rpcb=RpcbindMapping</c> and <c>--bind netbuf=NetBuffer</c>,
/// against the system rpcbind: the generated client and the hand-written one see the same registrations.
/// Read-only calls only (DUMP, GETADDR).
/// </summary>
[Collection(SystemRpcbindCollection.Name)]
public sealed class RpcbindInteropTests
{
    [RpcbindFact]
    public async Task Generated_dump_matches_the_hand_written_client()
    {
        await using RpcClient rpc = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 111), RpcTransportKind.Tcp);
        var generated = new Rpcbvers4Client(rpc);
        var handWritten = new RpcbindClient(rpc, PortmapperProgram.Version4);

        var fromGenerated = new List<RpcbindMapping>();
        for (RpList? node = await generated.RpcbprocDumpAsync(); node is not null; node = node.RpcbNext)
        {
            fromGenerated.Add(node.RpcbMap);
        }

        IReadOnlyList<RpcbindMapping> fromHandWritten = await handWritten.DumpAsync();
        Assert.NotEmpty(fromGenerated);
        Assert.Equal(fromHandWritten, fromGenerated);
        Assert.Contains(fromGenerated, m => m.Program == Rpcbprog.Program && m.Version == Rpcbprog.Rpcbvers4.Version);
    }

    [RpcbindFact]
    public async Task Generated_getaddr_takes_the_bound_mapping_type()
    {
        await using RpcClient rpc = await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 111), RpcTransportKind.Udp);
        var generated = new RpcbversClient(rpc);
        string address = await generated.RpcbprocGetaddrAsync(new RpcbindMapping(Rpcbprog.Program, Rpcbprog.Rpcbvers.Version, "tcp", "", ""));
        Assert.EndsWith(".0.111", address, StringComparison.Ordinal);
    }
}
