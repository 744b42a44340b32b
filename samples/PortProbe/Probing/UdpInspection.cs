namespace PortProbe.Probing;

/// <summary>What the UDP side revealed: whether it answers, the measured exchanges and the best program list.</summary>
internal sealed record UdpInspection(UdpState State, IReadOnlyList<SizeProbe> Probes, ProgramListing? Listing, string? Detail)
{
    public static UdpInspection NotChecked { get; } = new(UdpState.NotChecked, [], null, null);

    /// <summary>The largest amplification factor measured, or null when nothing answered.</summary>
    public double? Amplification => Probes.Count == 0 ? null : Probes.Max(p => p.Factor);
}
