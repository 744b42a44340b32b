namespace OncRpc.Portmapper;

/// <summary>
/// The names under which calls to the portmapper (version 2) and rpcbind (versions 3 and 4) show up in traces and
/// metrics, as <c>rpcb_prot.x</c> names the programs and procedures: <c>portmapper/GETPORT</c>,
/// <c>rpcbind/GETADDR</c>.
/// </summary>
internal static class RpcbindProcedureNames
{
    private static readonly RpcProcedure[] Version2 = Build(PortmapperProgram.Version2, "portmapper", ["NULL", "SET", "UNSET", "GETPORT", "DUMP", "CALLIT"]);

    private static readonly RpcProcedure[] Version3 = Build(
        PortmapperProgram.Version3, "rpcbind", ["NULL", "SET", "UNSET", "GETADDR", "DUMP", "CALLIT", "GETTIME", "UADDR2TADDR", "TADDR2UADDR"]);

    private static readonly RpcProcedure[] Version4 = Build(
        PortmapperProgram.Version4,
        "rpcbind",
        ["NULL", "SET", "UNSET", "GETADDR", "DUMP", "BCAST", "GETTIME", "UADDR2TADDR", "TADDR2UADDR", "GETVERSADDR", "INDIRECT", "GETADDRLIST", "GETSTAT"]);

    /// <summary>Gets the names of a procedure of the portmapper or rpcbind, or <see langword="null"/> for one the protocol does not define.</summary>
    public static RpcProcedure? Find(uint version, uint procedure)
    {
        RpcProcedure[]? table = version switch
        {
            PortmapperProgram.Version2 => Version2,
            PortmapperProgram.Version3 => Version3,
            PortmapperProgram.Version4 => Version4,
            _ => null,
        };
        return table is not null && procedure < (uint)table.Length ? table[procedure] : null;
    }

    /// <summary>Gets the names of a procedure the protocol defines.</summary>
    public static RpcProcedure Get(uint version, uint procedure) =>
        Find(version, procedure) ?? throw new ArgumentOutOfRangeException(nameof(procedure), procedure, "Not a procedure of the portmapper or rpcbind.");

    private static RpcProcedure[] Build(uint version, string program, string[] procedures)
    {
        var table = new RpcProcedure[procedures.Length];
        for (uint i = 0; i < procedures.Length; i++)
        {
            table[i] = new RpcProcedure(PortmapperProgram.Number, version, i, program, procedures[i]);
        }

        return table;
    }
}
