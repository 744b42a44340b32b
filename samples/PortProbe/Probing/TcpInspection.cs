namespace PortProbe.Probing;

/// <summary>
/// What the TCP side revealed: the connect check and, when the port is open, the program list read over that same
/// connection (or why it could not be read).
/// </summary>
internal sealed record TcpInspection(TcpCheck Check, ProgramListing? Listing, string? ListingError);
