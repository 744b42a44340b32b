namespace PortProbe.Probing;

/// <summary>What the UDP side of the port showed.</summary>
internal enum UdpState
{
    /// <summary>The UDP check was switched off (--tcp-only).</summary>
    NotChecked,

    /// <summary>A portmapper answered over UDP: the host can be used as a reflector.</summary>
    Answering,

    /// <summary>No answer within the timeout (closed and silent, or filtered).</summary>
    NoAnswer,

    /// <summary>The host sent ICMP port unreachable.</summary>
    Closed,
}
