namespace PortProbe.Probing;

/// <summary>
/// One export the host's mount daemon lists (MOUNTPROC_EXPORT): the directory and the clients it is exported to.
/// An empty client list means everyone, and so do the wildcards <c>*</c>, <c>0.0.0.0/0</c> and <c>::/0</c>.
/// </summary>
internal sealed record ExportedShare(string Directory, IReadOnlyList<string> Groups)
{
    /// <summary>True when any host that reaches mountd may mount it: the worst finding a port-111 check can make.</summary>
    public bool Everyone => Groups.Count == 0 || Groups.Any(g => g is "*" or "0.0.0.0/0" or "::/0" or "0.0.0.0/0.0.0.0");
}
