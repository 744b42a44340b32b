using OncRpc;
using OncRpc.Messages;
using OncRpc.Xdr;

// Exercises the library after a NativeAOT publish; grows with every feature. Exit code 0 means all checks held.
int failures = 0;

void Check(bool condition, string what)
{
    if (!condition)
    {
        Console.Error.WriteLine("FAIL: " + what);
        failures++;
    }
}

// XDR primitives, strings, arrays, optional data and linked lists round-trip through both writer kinds.
var buffer = new System.Buffers.ArrayBufferWriter<byte>();
var writer = new XdrWriter(buffer);
writer.WriteInt32(-7);
writer.WriteUInt64(ulong.MaxValue);
writer.WriteString("portmapper");
writer.WriteArray(XdrCodec.UInt32, new uint[] { 1, 2, 3 });
writer.WriteLinkedList(XdrCodec.String, new List<string> { "tcp", "udp6" });
writer.WriteOptional(XdrCodec.String, null);
writer.Flush();

var reader = new XdrReader(buffer.WrittenSpan);
Check(reader.ReadInt32() == -7, "int");
Check(reader.ReadUInt64() == ulong.MaxValue, "unsigned hyper");
Check(reader.ReadString() == "portmapper", "string");
Check(reader.ReadArray(XdrCodec.UInt32).SequenceEqual(new uint[] { 1, 2, 3 }), "array");
Check(reader.ReadLinkedList(XdrCodec.String).SequenceEqual(new[] { "tcp", "udp6" }), "linked list");
Check(reader.ReadOptional(XdrCodec.String) is null, "optional");
Check(reader.IsAtEnd, "end");

// Fixed opaque data into a stack buffer, and an ASCII fast-path string next to a UTF-8 one.
Span<byte> scratch = stackalloc byte[64];
var spanWriter = new XdrWriter(scratch);
spanWriter.WriteFixedOpaque(new byte[] { 1, 2, 3 });
spanWriter.WriteString("0.0.0.0.0.111");
spanWriter.WriteString("grüße");
var spanReader = new XdrReader(spanWriter.WrittenSpan);
Span<byte> three = stackalloc byte[3];
spanReader.ReadFixedOpaque(three);
Check(three[2] == 3, "fixed opaque");
Check(spanReader.ReadString() == "0.0.0.0.0.111" && spanReader.ReadString() == "grüße" && spanReader.IsAtEnd, "ascii and utf-8 strings");

// Malformed data is reported with XdrException and the reader does not move.
var bad = new XdrReader(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF });
try
{
    bad.ReadString();
    Check(false, "huge string length accepted");
}
catch (XdrException ex)
{
    Check(ex.Error == XdrError.LimitExceeded && bad.Position == 0, "huge string length rejected in place");
}

// RPC messages: a call with an AUTH_SYS credential and every reply form round-trip; the arguments stay in place.
var sys = new AuthSysParameters(42, "aot-host", 1000, 100, new uint[] { 100, 27 });
var call = new RpcCallHeader(0x5eed0001, 100000, 2, 3, sys.ToOpaqueAuth(), OpaqueAuth.None);
byte[] callBytes = new byte[RpcMessage.GetCallHeaderSize(call) + 4];
var callWriter = new XdrWriter(callBytes);
RpcMessage.WriteCall(ref callWriter, call);
callWriter.WriteUInt32(111);
var callReader = new XdrReader(callBytes);
RpcCallHeader callRead = RpcMessage.ReadCall(ref callReader);
Check(callRead == call && callReader.ReadUInt32() == 111 && callReader.IsAtEnd, "call header round-trip");
Check(AuthSysParameters.FromOpaqueAuth(callRead.Credential).Equals(sys), "AUTH_SYS round-trip");
Check(RpcMessage.TryPeekHeader(callBytes, out uint peekXid, out MessageType peekType) && peekXid == 0x5eed0001 && peekType == MessageType.Call, "peek");

RpcReplyHeader[] replies =
[
    RpcReplyHeader.Success(1, new OpaqueAuth(AuthFlavor.Short, new byte[] { 1, 2, 3 })),
    RpcReplyHeader.ProgramUnavailable(2),
    RpcReplyHeader.ProgramMismatch(3, 2, 4),
    RpcReplyHeader.ProcedureUnavailable(4),
    RpcReplyHeader.GarbageArguments(5),
    RpcReplyHeader.SystemError(6),
    RpcReplyHeader.RpcMismatch(7, 2, 2),
    RpcReplyHeader.AuthError(8, AuthStatus.RejectedCredential),
];
foreach (RpcReplyHeader reply in replies)
{
    byte[] replyBytes = new byte[RpcMessage.GetReplyHeaderSize(reply)];
    var replyWriter = new XdrWriter(replyBytes);
    RpcMessage.WriteReply(ref replyWriter, reply);
    var replyReader = new XdrReader(replyBytes);
    Check(RpcMessage.ReadReply(ref replyReader) == reply && replyReader.IsAtEnd, "reply round-trip " + reply);
}

if (!OperatingSystem.IsWindows())
{
    AuthSysParameters me = AuthSysParameters.ForCurrentProcess();
    Check(me.Gids.Count <= AuthSysParameters.MaxGroupCount && AuthSysParameters.FromOpaqueAuth(me.ToOpaqueAuth()).Equals(me), "AUTH_SYS of the current process");
}

var rpcAuth = RpcAuth.Sys(sys);
rpcAuth.OnReplyVerifier(replies[0].Verifier);
Check(rpcAuth.Credential.Flavor == AuthFlavor.Short, "AUTH_SHORT kept");
rpcAuth.OnAuthError(AuthStatus.RejectedCredential);
Check(rpcAuth.Credential.Flavor == AuthFlavor.Sys, "AUTH_SHORT dropped");

try
{
    var notACall = new XdrReader(new byte[] { 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0 });
    RpcMessage.ReadCall(ref notACall);
    Check(false, "reply accepted as a call");
}
catch (RpcProtocolException)
{
}

// Universal addresses and program names (OncRpc.Portmapper) work without reflection.
var uaddr = OncRpc.Portmapper.UniversalAddress.Parse("::ffff:127.0.0.1.0.111", OncRpc.Portmapper.NetId.Tcp6);
Check(uaddr.Port == 111 && uaddr.ToString() == "::ffff:127.0.0.1.0.111", "universal address IPv6");
Check(OncRpc.Portmapper.UniversalAddress.Parse("127.0.0.1.8.1").ToEndPoint().ToString() == "127.0.0.1:2049", "universal address IPv4");
Check(!OncRpc.Portmapper.UniversalAddress.TryParse("127.0.0.1.0.256", out _), "universal address rejected");
Check(OncRpc.Portmapper.RpcProgramNames.BuiltIn.GetName(100003) == "nfs", "built-in program names");
Check(OncRpc.Portmapper.RpcProgramNames.Default.TryGetProgram("portmapper", out uint pmap) && pmap == 100000, "default program names");
var pmapBuffer = new System.Buffers.ArrayBufferWriter<byte>();
var pmapWriter = new XdrWriter(pmapBuffer);
pmapWriter.Write(OncRpc.Portmapper.PortMapping.ListCodec, new[] { new OncRpc.Portmapper.PortMapping(100000, 2, 6, 111) });
pmapWriter.Flush();
var pmapReader = new XdrReader(pmapBuffer.WrittenSpan);
Check(pmapReader.Read(OncRpc.Portmapper.PortMapping.ListCodec)[0].Port == 111, "pmaplist");

// The client makes a NULL call to the system rpcbind when CI says one is running; elsewhere the check is skipped.
if (Environment.GetEnvironmentVariable("ONCRPC_REQUIRE_RPCBIND") == "1")
{
    try
    {
        await using var client = await OncRpc.Client.RpcClient.ConnectAsync(
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 111), OncRpc.RpcTransportKind.Tcp);
        await client.PingAsync(100000, 2);
        await using var udp = await OncRpc.Client.RpcClient.ConnectAsync(
            new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 111), OncRpc.RpcTransportKind.Udp);
        await udp.PingAsync(100000, 2);
    }
    catch (Exception ex)
    {
        Check(false, "NULL call to rpcbind: " + ex.Message);
    }
}

// The string pool hands out one instance for repeated strings.
var poolOptions = new XdrReaderOptions { StringPool = new XdrStringPool() };
var pooledBuffer = new System.Buffers.ArrayBufferWriter<byte>();
var pooledWriter = new XdrWriter(pooledBuffer);
pooledWriter.WriteString("tcp6");
pooledWriter.WriteString("tcp6");
pooledWriter.Flush();
var pooledReader = new XdrReader(pooledBuffer.WrittenSpan, poolOptions);
Check(ReferenceEquals(pooledReader.ReadString(), pooledReader.ReadString()), "string pool");

// Our server and our client on loopback, TCP and UDP, without reflection: a typed call, a ping, an error status.
try
{
    await using var server = new OncRpc.Server.RpcServer();
    server.AddProcedure(0x2000_0042u, 1u, 1u, XdrCodec.String, XdrCodec.String, (string name, OncRpc.Server.RpcCallContext _) => "hello " + name);
    var tcpEnd = await server.ListenTcpAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
    var udpEnd = await server.ListenUdpAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
    await using (var tcpClient = await OncRpc.Client.RpcClient.ConnectAsync(tcpEnd, OncRpc.RpcTransportKind.Tcp))
    {
        Check(await tcpClient.CallAsync(0x2000_0042u, 1u, 1u, XdrCodec.String, "aot", XdrCodec.String) == "hello aot", "server call over tcp");
        try
        {
            await tcpClient.PingAsync(0x2000_0042u, 7u);
            Check(false, "version mismatch not reported");
        }
        catch (RpcProgramMismatchException mismatch)
        {
            Check(mismatch.Low == 1 && mismatch.High == 1, "version mismatch bounds");
        }
    }

    await using (var udpClient = await OncRpc.Client.RpcClient.ConnectAsync(udpEnd, OncRpc.RpcTransportKind.Udp))
    {
        Check(await udpClient.CallAsync(0x2000_0042u, 1u, 1u, XdrCodec.String, "udp", XdrCodec.String) == "hello udp", "server call over udp");
    }

    // The calling-thread mode: each call has completed when it returns, over both transports.
    var callingThread = new OncRpc.Client.RpcClientOptions { IoMode = OncRpc.Client.RpcClientIoMode.CallingThread };
    foreach (var (end, kind) in new[] { (tcpEnd, OncRpc.RpcTransportKind.Tcp), (udpEnd, OncRpc.RpcTransportKind.Udp) })
    {
        await using var blocking = await OncRpc.Client.RpcClient.ConnectAsync(end, kind, callingThread);
        Task<string> done = blocking.CallAsync(0x2000_0042u, 1u, 1u, XdrCodec.String, "caller", XdrCodec.String);
        Check(done.IsCompleted && await done == "hello caller", "calling-thread call over " + kind);
    }

    // The embeddable rpcbind service on a spare port, read back through the typed v2 and v4 clients.
    await using var pm = await OncRpc.Portmapper.Server.RpcbindService.StartAsync(new OncRpc.Portmapper.Server.RpcbindServiceOptions { Port = 0 });
    pm.Register(new OncRpc.Portmapper.RpcbindMapping(0x2000_0042u, 1u, OncRpc.Portmapper.NetId.Tcp, "127.0.0.1.8.1", "superuser"));
    System.Net.EndPoint pmTcp = pm.EndPoints.First(e => e.Transport == OncRpc.RpcTransportKind.Tcp).EndPoint;
    await using var pmClient = await OncRpc.Client.RpcClient.ConnectAsync(pmTcp, OncRpc.RpcTransportKind.Tcp);
    var v4 = await new OncRpc.Portmapper.RpcbindClient(pmClient, 4).DumpAsync();
    Check(v4.Any(m => m.Program == 0x2000_0042u && m.Address == "127.0.0.1.8.1"), "rpcbind service dump v4");
    var v2 = await new OncRpc.Portmapper.PortmapperClient(pmClient).DumpAsync();
    Check(v2.Any(m => m.Program == 0x2000_0042u && m.Port == 2049), "rpcbind service dump v2");
}
catch (Exception ex)
{
    Check(false, "server and client: " + ex);
}

Console.WriteLine(failures == 0 ? "aot-smoke: ok" : $"aot-smoke: {failures} failure(s)");
return failures == 0 ? 0 : 1;
