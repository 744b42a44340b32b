namespace OncRpc.Portmapper;

/// <summary>The procedures of the portmapper protocol, version 2 (RFC 1833 §3.2).</summary>
public enum PortmapperProcedure : uint
{
    /// <summary>PMAPPROC_NULL: does nothing; checks that the service answers.</summary>
    Null = 0,

    /// <summary>PMAPPROC_SET: registers a mapping.</summary>
    Set = 1,

    /// <summary>PMAPPROC_UNSET: removes the mappings of a program and version.</summary>
    Unset = 2,

    /// <summary>PMAPPROC_GETPORT: finds the port of a program, version and protocol.</summary>
    GetPort = 3,

    /// <summary>PMAPPROC_DUMP: lists every mapping.</summary>
    Dump = 4,

    /// <summary>PMAPPROC_CALLIT: calls a procedure of a registered program on the caller's behalf.</summary>
    CallIt = 5,
}
