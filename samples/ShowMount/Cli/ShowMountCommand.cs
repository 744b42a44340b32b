namespace ShowMount.Cli;

/// <summary>A parsed command line: what to list, on which host, with or without headings.</summary>
/// <param name="Mode">What to list.</param>
/// <param name="Host">The host named on the command line, or null for this machine's name.</param>
/// <param name="Headers">False with <c>--no-headers</c>.</param>
internal sealed record ShowMountCommand(ShowMountMode Mode, string? Host, bool Headers);
