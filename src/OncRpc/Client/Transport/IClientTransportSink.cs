namespace OncRpc.Client.Transport;

/// <summary>What a client transport reports to the client above it.</summary>
internal interface IClientTransportSink
{
    /// <summary>A complete message arrived; <paramref name="message"/> is valid only during the call.</summary>
    void OnMessage(ReadOnlySpan<byte> message);

    /// <summary>
    /// The transport failed. When <paramref name="isFatal"/> the transport is closed and every later call must fail
    /// with <paramref name="error"/>; otherwise (an ICMP error on UDP) only the calls outstanding now fail.
    /// </summary>
    void OnTransportError(Exception error, bool isFatal);
}
