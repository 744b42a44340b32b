namespace ShowMount.Cli;

/// <summary>What showmount lists.</summary>
internal enum ShowMountMode
{
    /// <summary>No option: the hosts that have something mounted (DUMP, host names).</summary>
    Hosts,

    /// <summary><c>-a</c>: host:directory pairs (DUMP).</summary>
    All,

    /// <summary><c>-d</c>: the directories mounted by some client (DUMP).</summary>
    Directories,

    /// <summary><c>-e</c>: the export list (EXPORT).</summary>
    Exports,
}
