namespace ShowMount.Output;

/// <summary>One exported directory and the clients it is exported to (none: everyone).</summary>
/// <param name="Directory">The exported path.</param>
/// <param name="Groups">Host names, netgroups, networks or wildcards, in the server's order.</param>
internal sealed record ExportLine(string Directory, IReadOnlyList<string> Groups);
