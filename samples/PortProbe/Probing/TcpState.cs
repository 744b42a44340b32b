namespace PortProbe.Probing;

/// <summary>What a TCP connect to the port showed, in nmap's words.</summary>
internal enum TcpState
{
    /// <summary>The connection was accepted.</summary>
    Open,

    /// <summary>The host refused (RST): reachable, nothing listening.</summary>
    Closed,

    /// <summary>No answer within the timeout, or an ICMP unreachable: something drops the packets.</summary>
    Filtered,
}
