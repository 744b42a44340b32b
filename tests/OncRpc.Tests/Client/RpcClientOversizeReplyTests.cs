using System.Buffers.Binary;
using System.Diagnostics;
using OncRpc.Client;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Client;

/// <summary>
/// A hostile TCP server whose reply record announces far more than the client's <see cref="RpcClientOptions.MaxReplySize"/>:
/// every outstanding call fails at the record mark, at once, with a typed exception, and the client buffers next to nothing.
/// </summary>
[Collection(AllocationCountingCollection.Name)]
public sealed class RpcClientOversizeReplyTests
{
    private const uint Program = 0x2000_0001;
    private const int MaxReplySize = 1024 * 1024;
    private const int Announced = 37 * 1024 * 1024;

    // Far below both the call timeout and the announced size: the failure comes from the mark, not the clock.
    private static readonly TimeSpan FailWithin = TimeSpan.FromSeconds(10);
    private const long AllocationBound = 8L * 1024 * 1024;

    public static TheoryData<RpcClientIoMode, string> Cases()
    {
        var data = new TheoryData<RpcClientIoMode, string>();
        foreach (RpcClientIoMode mode in new[] { RpcClientIoMode.DedicatedThread, RpcClientIoMode.Asynchronous, RpcClientIoMode.CallingThread })
        {
            data.Add(mode, "one fragment");
            data.Add(mode, "one fragment, then a trickle");
            data.Add(mode, "many small fragments");
            data.Add(mode, "the whole record at once");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_reply_announced_over_the_limit_fails_every_call_at_the_mark(RpcClientIoMode mode, string shape)
    {
        await using var server = new ScriptedTcpServer();
        Task accept = server.AcceptAsync();
        var options = new RpcClientOptions { IoMode = mode, MaxReplySize = MaxReplySize, Timeout = TimeSpan.FromSeconds(60) };
        RpcClient client = await RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, options);
        await using var _ = client;
        await accept;

        // Two calls outstanding (a calling-thread client runs one per thread): the oversize reply answers the first.
        Task<uint> first = ClientCalls.Start(mode, () => client.CallAsync(Program, 1, 1, XdrCodec.UInt32, 1u, XdrCodec.UInt32));
        Task<uint> second = ClientCalls.Start(mode, () => client.CallAsync(Program, 1, 1, XdrCodec.UInt32, 2u, XdrCodec.UInt32));
        byte[] call = await server.ReadCallAsync();
        await server.ReadCallAsync();

        byte[] header = RpcWire.SuccessReply(RpcWire.Xid(call));

        // Built before counting: the server's own copy of the record is not the client's allocation.
        byte[]? whole = shape == "the whole record at once" ? new byte[Announced + 4] : null;
        if (whole is not null)
        {
            Mark(Announced, last: true).CopyTo(whole, 0);
            header.CopyTo(whole, 4);
        }

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        Task sending = SendAsync(server, shape, whole ?? header, watch);

        Exception firstError = await FailsWithin(first, watch);
        Exception secondError = await FailsWithin(second, watch);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        var protocolError = Assert.IsType<RpcProtocolException>(firstError);
        Assert.Equal(RpcStatus.ProtocolError, protocolError.Status);
        Assert.Contains("the configured maximum is " + MaxReplySize, protocolError.Message, StringComparison.Ordinal);
        Assert.Equal(RpcStatus.ProtocolError, Assert.IsAssignableFrom<RpcException>(secondError).Status);
        Assert.True(allocated < AllocationBound, $"{allocated} bytes allocated for a reply announced at {Announced} bytes");

        // The client has closed the connection: the server's sending ends (reset or done), and so does its stream.
        await server.WaitForCloseAsync();
        await Task.WhenAny(sending);
    }

    /// <summary>Sends the oversize reply in the given shape; the server then stalls, never completing the record.</summary>
    private static async Task SendAsync(ScriptedTcpServer server, string shape, byte[] header, Stopwatch watch)
    {
        try
        {
            switch (shape)
            {
                case "one fragment":
                    await server.SendAsync([.. Mark(Announced, last: true), .. header]);
                    break;
                case "the whole record at once":
                    await server.SendAsync(header);
                    break;
                case "one fragment, then a trickle":
                    await server.SendAsync([.. Mark(Announced, last: true), .. header]);

                    // A few bytes at a time until the client gives up (bounded in count and time).
                    for (int i = 0; i < 1000 && watch.Elapsed < FailWithin; i++)
                    {
                        await server.SendAsync(new byte[16]);
                        await Task.Yield();
                    }

                    break;
                default:
                    // 4 KiB fragments, none of them last, adding up past the limit; each one alone is harmless.
                    const int fragment = 4096;
                    byte[] body = new byte[fragment];
                    header.CopyTo(body, 0);
                    for (int sent = 0; sent <= MaxReplySize; sent += fragment)
                    {
                        await server.SendAsync([.. Mark(fragment, last: false), .. body]);
                        body.AsSpan().Clear();
                    }

                    break;
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The client closed the connection mid-send: what it should do.
        }
    }

    private static byte[] Mark(int length, bool last)
    {
        byte[] mark = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(mark, (uint)length | (last ? 0x8000_0000u : 0u));
        return mark;
    }

    private static async Task<Exception> FailsWithin(Task<uint> call, Stopwatch watch)
    {
        TimeSpan left = FailWithin - watch.Elapsed;
        try
        {
            await call.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            Assert.Fail($"the call had not failed after {watch.Elapsed}");
        }
        catch (Exception ex)
        {
            return ex;
        }

        Assert.Fail("the call succeeded");
        return null!;
    }
}
