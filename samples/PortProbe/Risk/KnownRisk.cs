namespace PortProbe.Risk;

/// <summary>A program that should not be reachable from untrusted networks, and in one line why.</summary>
internal sealed record KnownRisk(uint Program, string Name, RiskLevel Level, string Why);
