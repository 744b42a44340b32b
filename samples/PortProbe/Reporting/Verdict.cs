namespace PortProbe.Reporting;

/// <summary>The verdict for one address.</summary>
internal enum Verdict
{
    /// <summary>Neither TCP nor UDP reaches a portmapper.</summary>
    NotExposed,

    /// <summary>TCP port open, UDP silent or not checked: the service list leaks, no reflection.</summary>
    ExposedTcpOnly,

    /// <summary>A portmapper answers over UDP: a reflection/amplification DDoS source.</summary>
    ExposedUdp,

    /// <summary>The target could not be probed (name did not resolve, local error).</summary>
    Error,
}
