using System.Net;

namespace PortProbe.Targets;

/// <summary>One address to probe, with the target text it came from; or a target that could not be resolved.</summary>
internal sealed record ProbeTarget(string Target, IPAddress? Address, string? Error)
{
    /// <summary>The label shown in reports: the name and its address, or just the address.</summary>
    public string Label =>
        Address is null ? Target
        : Target == Address.ToString() || Target.Contains('/', StringComparison.Ordinal) ? Address.ToString()
        : $"{Target} ({Address})";
}
