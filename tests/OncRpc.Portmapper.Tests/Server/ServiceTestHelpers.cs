using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OncRpc.Framing;
using OncRpc.Messages;
using OncRpc.Portmapper.Server;
using OncRpc.Xdr;

namespace OncRpc.Portmapper.Tests.Server;

internal static class ServiceTestHelpers
{
    /// <summary>
    /// Starts a service on a free port and on rpcbind.sock in a new temporary directory (the caller deletes it), on
    /// <paramref name="addresses"/> (null: the options' default) and with remote calls served when asked.
    /// </summary>
    public static async Task<(RpcbindService Service, string Directory)> StartAsync(bool allowRemoteCalls = false, IReadOnlyList<IPAddress>? addresses = null)
    {
        string dir = Path.Combine(Path.GetTempPath(), "rpcbind-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        var service = await RpcbindService.StartAsync(new RpcbindServiceOptions
        {
            Port = 0,
            Addresses = addresses ?? new RpcbindServiceOptions().Addresses,
            LocalSocketPath = Path.Combine(dir, "rpcbind.sock"),
            AllowRemoteCalls = allowRemoteCalls,
        });
        return (service, dir);
    }

    public static int PortOf(RpcbindService service) => ((IPEndPoint)service.EndPoints[0].EndPoint).Port;

    /// <summary>A call to the portmapper program (100000), with AUTH_NONE unless a credential is given.</summary>
    public static byte[] Call<T>(uint xid, uint version, uint procedure, IXdrCodec<T> codec, T args, OpaqueAuth credential = default)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new XdrWriter(output);
        RpcMessage.WriteCall(ref writer, new RpcCallHeader(xid, 100000, version, procedure, credential, OpaqueAuth.None));
        codec.Write(ref writer, args);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Sends one call over TCP (framed) or UDP and returns the reply message (no record mark).</summary>
    public static async Task<byte[]> ExchangeAsync(EndPoint endPoint, bool udp, byte[] message)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = endPoint.AddressFamily == AddressFamily.Unix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, udp ? SocketType.Dgram : SocketType.Stream, udp ? ProtocolType.Udp : ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, cts.Token);
        byte[] buffer = new byte[70000];
        if (udp)
        {
            await socket.SendAsync(message, SocketFlags.None, cts.Token);
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return buffer[..n];
        }

        var framed = new ArrayBufferWriter<byte>();
        RecordMarking.WriteRecord(framed, message);
        await socket.SendAsync(framed.WrittenMemory, SocketFlags.None, cts.Token);
        int have = 0;
        while (have < 4 || have < 4 + (int)(BinaryPrimitives.ReadUInt32BigEndian(buffer) & 0x7fffffff))
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None, cts.Token);
            if (n == 0)
            {
                throw new IOException("closed");
            }

            have += n;
        }

        return buffer[4..have];
    }

    public static T Results<T>(byte[] reply, IXdrCodec<T> codec)
    {
        var reader = new XdrReader(reply);
        RpcReplyHeader header = RpcMessage.ReadReply(ref reader);
        Xunit.Assert.True(header.IsSuccess, header.ToString());
        T value = codec.Read(ref reader);
        reader.ReadEnd();
        return value;
    }

    public static (int ExitCode, string Output) RunRpcinfo(params string[] args) => Run("/usr/sbin/rpcinfo", args);

    public static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException($"{file} did not finish");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public static bool CanRunRpcinfo => File.Exists("/usr/sbin/rpcinfo");

    /// <summary>rpcinfo without a host talks to /run/rpcbind.sock; a private mount namespace points /run at our socket's directory.</summary>
    public static bool CanRemapRun => CanRunRpcinfo && File.Exists("/usr/bin/unshare") && Run("/usr/bin/unshare", "-m", "true").ExitCode == 0;
}
