namespace PortProbe.Probing;

/// <summary>
/// What the host's mount daemon revealed: its export list, or why it could not be read (mountd registered but not
/// answering, refusing, or answering something that does not decode).
/// </summary>
internal sealed record ShareInspection(ShareListing? Listing, string? Error);
