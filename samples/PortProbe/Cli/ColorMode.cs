namespace PortProbe.Cli;

/// <summary>When the table uses ANSI colours.</summary>
internal enum ColorMode
{
    /// <summary>Only when standard output is a terminal and NO_COLOR is unset or empty.</summary>
    Auto,

    /// <summary>Always, even into a pipe (NO_COLOR still wins, as the convention asks).</summary>
    Always,

    /// <summary>Never.</summary>
    Never,
}
