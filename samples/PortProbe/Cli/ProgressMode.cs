namespace PortProbe.Cli;

/// <summary>When the scan reports its progress on standard error.</summary>
internal enum ProgressMode
{
    /// <summary>Only when standard error is a terminal.</summary>
    Auto,

    /// <summary>Always: one line per step when standard error is not a terminal.</summary>
    Always,

    /// <summary>Never.</summary>
    Never,
}
