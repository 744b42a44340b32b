using System.Net.Sockets;
using OncRpc.Framing;

namespace OncRpc.Client.Transport;

/// <summary>Makes the transport that suits a connected socket: records over a stream, or datagrams.</summary>
internal static class ClientTransportFactory
{
    /// <summary>
    /// Wraps <paramref name="socket"/>, connected for <paramref name="kind"/>; the transport reports to
    /// <paramref name="sink"/>. A stream transport reads and writes through <paramref name="secure"/> (the TLS
    /// stream over the socket) when there is one.
    /// </summary>
    public static IClientTransport Create(Socket socket, Stream? secure, RpcTransportKind kind, RpcClientOptions options, IClientTransportSink sink) =>
        kind == RpcTransportKind.Udp
            ? new DatagramClientTransport(socket, sink, options.MaxReplySize, options.IoMode, options.FailOnIcmpErrors)
            : new StreamClientTransport(socket, secure, sink, FramingOptions(options), options.IoMode);

    /// <summary>The record-marking limits, with the record size no larger than the client's reply size limit.</summary>
    private static RecordMarkingOptions FramingOptions(RpcClientOptions options)
    {
        RecordMarkingOptions framing = options.RecordMarking ?? RecordMarkingOptions.Default;
        return framing.MaxRecordSize <= options.MaxReplySize
            ? framing
            : new RecordMarkingOptions
            {
                MaxRecordSize = options.MaxReplySize,
                MaxFragmentCount = framing.MaxFragmentCount,
                MaxFragmentSize = framing.MaxFragmentSize,
            };
    }
}
