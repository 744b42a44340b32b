namespace ShowMount.Output;

/// <summary>One entry of the server's mount list: a client and the directory it mounted.</summary>
internal sealed record MountLine(string Host, string Directory);
