using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Testing;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Client;

/// <summary>The client against the system rpcbind on every transport it listens on.</summary>
public class RpcClientRpcbindTests
{
    /// <summary>Gets the I/O mode of the clients under test; the derived class runs every test in the other mode.</summary>
    protected virtual RpcClientIoMode IoMode => RpcClientIoMode.DedicatedThread;

    private const uint Portmapper = 100000;
    private const string LocalSocket = "/run/rpcbind.sock";

    public static TheoryData<string> Transports => new() { "tcp", "udp", "tcp6", "udp6", "local" };

    private async Task<RpcClient> ConnectAsync(string netid)
    {
        var options = new RpcClientOptions { IoMode = IoMode, Timeout = TimeSpan.FromSeconds(10), ConnectTimeout = TimeSpan.FromSeconds(10) };
        return netid switch
        {
            "tcp" => await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 111), RpcTransportKind.Tcp, options),
            "udp" => await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 111), RpcTransportKind.Udp, options),
            "tcp6" => await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, 111), RpcTransportKind.Tcp, options),
            "udp6" => await RpcClient.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, 111), RpcTransportKind.Udp, options),
            _ => await RpcClient.ConnectAsync(new UnixDomainSocketEndPoint(LocalSocket), RpcTransportKind.Local, options),
        };
    }

    [RpcbindTheory]
    [MemberData(nameof(Transports))]
    public async Task Null_call_succeeds_on_every_transport(string netid)
    {
        await using RpcClient client = await ConnectAsync(netid);
        for (uint version = 2; version <= 4; version++)
        {
            await client.PingAsync(Portmapper, version);
        }
    }

    [RpcbindTheory]
    [MemberData(nameof(Transports))]
    public async Task Dump_lists_the_portmapper_itself(string netid)
    {
        await using RpcClient client = await ConnectAsync(netid);
        RpcResponse<IReadOnlyList<Mapping>> response = await client.CallWithDetailsAsync(
            Portmapper, 2, 4, XdrCodec.Void, XdrVoid.Value, XdrCodec.LinkedList(Mapping.Codec, 1024));

        Assert.Contains(new Mapping(Portmapper, 2, 6, 111), response.Value);
        Assert.Contains(new Mapping(Portmapper, 2, 17, 111), response.Value);
        Assert.Equal(40, response.RequestSize);
        Assert.True(response.ReplySize > 24 + (20 * response.Value.Count));
    }

    [RpcbindFact]
    public async Task Unsupported_version_reports_the_range_like_libtirpc()
    {
        await using RpcClient client = await ConnectAsync("tcp");
        var error = await Assert.ThrowsAsync<RpcProgramMismatchException>(() => client.PingAsync(Portmapper, 9));
        Assert.Equal(RpcStatus.ProgramVersionMismatch, error.Status);
        Assert.Equal((2u, 4u), (error.Low, error.High));
        Assert.Equal("RPC: Program/version mismatch; low version = 2, high version = 4", error.Message);
    }

    [RpcbindFact]
    public async Task Unknown_procedure_is_reported_as_unavailable()
    {
        await using RpcClient client = await ConnectAsync("udp");
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.CallAsync(Portmapper, 2, 99, XdrCodec.Void, XdrVoid.Value, XdrCodec.Void));
        Assert.Equal(RpcStatus.ProcedureUnavailable, error.Status);
        Assert.Equal("RPC: Procedure unavailable", error.Message);
    }

    [RpcbindFact]
    public async Task Unknown_program_is_reported_as_unavailable()
    {
        await using RpcClient client = await ConnectAsync("tcp");
        var error = await Assert.ThrowsAsync<RpcException>(() => client.PingAsync(0x2FFF_FFF0, 1));
        Assert.Equal(RpcStatus.ProgramUnavailable, error.Status);
        Assert.Equal("RPC: Program unavailable", error.Message);
    }

    [RpcbindTheory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task Many_concurrent_calls_from_many_threads_all_complete(string netid)
    {
        await using RpcClient client = await ConnectAsync(netid);
        Task[] calls = Enumerable.Range(0, 64)
            .Select(_ => Task.Run(async () =>
            {
                for (int i = 0; i < 20; i++)
                {
                    await client.PingAsync(Portmapper, 2);
                }
            }))
            .ToArray();
        await Task.WhenAll(calls);
        Assert.Equal(0, client.OutstandingCalls);
    }

    internal readonly record struct Mapping(uint Program, uint Version, uint Protocol, uint Port)
    {
        public static IXdrCodec<Mapping> Codec { get; } = new MappingCodec();

        private sealed class MappingCodec : IXdrCodec<Mapping>
        {
            public Mapping Read(ref XdrReader reader) =>
                new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());

            public void Write(ref XdrWriter writer, Mapping value)
            {
                writer.WriteUInt32(value.Program);
                writer.WriteUInt32(value.Version);
                writer.WriteUInt32(value.Protocol);
                writer.WriteUInt32(value.Port);
            }

            public int GetEncodedSize(Mapping value) => 16;
        }
    }
}

/// <summary>The same tests with <see cref="RpcClientIoMode.Asynchronous"/> clients.</summary>
public sealed class RpcClientRpcbindAsynchronousTests : RpcClientRpcbindTests
{
    /// <inheritdoc/>
    protected override RpcClientIoMode IoMode => RpcClientIoMode.Asynchronous;
}

/// <summary>The same tests with <see cref="RpcClientIoMode.CallingThread"/> clients.</summary>
public sealed class RpcClientRpcbindCallingThreadTests : RpcClientRpcbindTests
{
    /// <inheritdoc/>
    protected override RpcClientIoMode IoMode => RpcClientIoMode.CallingThread;
}
