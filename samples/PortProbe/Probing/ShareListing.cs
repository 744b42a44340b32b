namespace PortProbe.Probing;

/// <summary>The answer of one MOUNTPROC_EXPORT: which MOUNT version and transport produced it, where, and the exports.</summary>
internal sealed record ShareListing(uint MountVersion, string Transport, int Port, IReadOnlyList<ExportedShare> Exports)
{
    /// <summary>The exports open to everyone.</summary>
    public int ToEveryone => Exports.Count(e => e.Everyone);
}
