namespace OncRpc;

/// <summary>
/// Names one procedure of one version of an RPC program, for traces and metrics: calls made or served through an
/// <see cref="RpcProcedure"/> are reported as <see cref="Method"/> (<c>{program}/{procedure}</c>) rather than as
/// bare numbers. Typed clients and servers (the portmapper package, generated code) keep one instance per
/// procedure in a static field.
/// </summary>
/// <remarks>
/// Names are data a caller supplies with each call or registration; nothing is registered globally. The numbers
/// alone decide what goes on the wire, the names only what telemetry shows.
/// </remarks>
public sealed class RpcProcedure
{
    /// <summary>Initializes a new description of a procedure.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program version.</param>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="programName">The program's name, for example <c>portmapper</c> or <c>nfs</c>.</param>
    /// <param name="procedureName">The procedure's name, for example <c>GETPORT</c> or <c>GETATTR</c>.</param>
    /// <exception cref="ArgumentException">A name is <see langword="null"/>, empty, or contains a <c>/</c>.</exception>
    public RpcProcedure(uint program, uint version, uint procedure, string programName, string procedureName)
    {
        Program = program;
        Version = version;
        Procedure = procedure;
        ProgramName = CheckName(programName, nameof(programName));
        ProcedureName = CheckName(procedureName, nameof(procedureName));

        // Built once, so naming a call costs nothing per call.
        Method = ProgramName + "/" + ProcedureName;
    }

    /// <summary>Gets the program number.</summary>
    public uint Program { get; }

    /// <summary>Gets the program version.</summary>
    public uint Version { get; }

    /// <summary>Gets the procedure number.</summary>
    public uint Procedure { get; }

    /// <summary>Gets the program's name.</summary>
    public string ProgramName { get; }

    /// <summary>Gets the procedure's name.</summary>
    public string ProcedureName { get; }

    /// <summary>Gets <c>{program}/{procedure}</c>: the <c>rpc.method</c> attribute and the name of the call's spans.</summary>
    public string Method { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Method} ({Program} v{Version} proc {Procedure})";

    private static string CheckName(string name, string parameter)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A name must not be empty.", parameter);
        }

        if (name.IndexOf('/') >= 0)
        {
            throw new ArgumentException("A name must not contain '/', which separates program and procedure in the method name.", parameter);
        }

        return name;
    }
}
