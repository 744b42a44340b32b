namespace PortProbe.Probing;

/// <summary>
/// One measured UDP exchange: the bytes of the request datagram and of the reply datagram (RPC message sizes, no IP
/// or UDP headers, which an attacker pays on both sides alike).
/// </summary>
internal sealed record SizeProbe(string Procedure, uint Version, int RequestBytes, int ReplyBytes)
{
    /// <summary>How many reply bytes one request byte buys: the amplification factor of this exchange.</summary>
    public double Factor => RequestBytes == 0 ? 0 : (double)ReplyBytes / RequestBytes;
}
