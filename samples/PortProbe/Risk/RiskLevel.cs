namespace PortProbe.Risk;

/// <summary>How bad it is when a program is reachable from untrusted networks.</summary>
internal enum RiskLevel
{
    /// <summary>Leaks information or widens the attack surface.</summary>
    Medium,

    /// <summary>Hands out data, accounts or code execution, or has a history of remote root exploits.</summary>
    High,
}
