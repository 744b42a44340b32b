namespace OncRpc.Client.Transport;

/// <summary>
/// The socket of a client, whatever its kind: a stream (<see cref="StreamClientTransport"/>) or datagrams
/// (<see cref="DatagramClientTransport"/>). It sends calls and reports replies and failures to its
/// <see cref="IClientTransportSink"/>; the client above it never asks which kind it is.
/// </summary>
internal interface IClientTransport : IAsyncDisposable
{
    /// <summary>Gets a value indicating whether calls are retransmitted until answered (datagrams can be lost; stream records cannot).</summary>
    bool Retransmits { get; }

    /// <summary>Gets the number of call records queued or being written but not yet handed to the kernel whole.</summary>
    long UnsentRecords { get; }

    /// <summary>Gets the number of receive threads started to replace one held by a caller's continuation.</summary>
    int ReceiverReplacements { get; }

    /// <summary>Starts receiving, as the I/O mode says.</summary>
    void Start();

    /// <summary>Encodes and sends a call; the call records its request size (and over UDP keeps its datagram for retransmission).</summary>
    /// <exception cref="ArgumentException">The arguments codec rejected the value, or the message does not fit; nothing was sent.</exception>
    /// <exception cref="RpcException">The connection has failed.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The datagram could not be sent.</exception>
    /// <exception cref="ObjectDisposedException">The transport is closed.</exception>
    void Send<TArgs>(in CallMessage<TArgs> message, PendingCall call);

    /// <summary>Sends a call again with the same xid; errors are left to the receiver and the call's timer.</summary>
    void Retransmit(PendingCall call);

    /// <summary>
    /// Gets a value indicating whether a call's record is still waiting to be written, or is being written: when
    /// that lasts a call's whole timeout, the server has stopped reading.
    /// </summary>
    bool IsUnsent(PendingCall call);

    /// <summary>Closes the connection because the server stopped reading; unblocks a caller stuck writing.</summary>
    void AbortStalledSend();

    /// <summary>
    /// The calling-thread mode: waits up to <paramref name="microseconds"/> (-1: for ever) for the socket to be
    /// readable, reads what is there and hands every whole message to the sink. Only one caller at a time may call
    /// this. Errors are reported to the sink; they do not throw.
    /// </summary>
    void ReceiveOnce(int microseconds);
}
