namespace OncRpc.Server;

/// <summary>An immutable map from (program, version, procedure) to handlers; registration swaps in a new table.</summary>
internal sealed class ProcedureTable
{
    public static readonly ProcedureTable Empty = new(new Dictionary<uint, ProgramEntry>());

    private ProcedureTable(Dictionary<uint, ProgramEntry> programs)
    {
        Programs = programs;
    }

    public Dictionary<uint, ProgramEntry> Programs { get; }

    public ProcedureTable With(uint program, uint version, uint procedure, ProcedureHandler handler)
    {
        var programs = new Dictionary<uint, ProgramEntry>(Programs);
        programs.TryGetValue(program, out ProgramEntry? entry);
        var versions = entry is null
            ? new Dictionary<uint, Dictionary<uint, ProcedureHandler>>()
            : new Dictionary<uint, Dictionary<uint, ProcedureHandler>>(entry.Versions);
        var procedures = versions.TryGetValue(version, out Dictionary<uint, ProcedureHandler>? existing)
            ? new Dictionary<uint, ProcedureHandler>(existing)
            : new Dictionary<uint, ProcedureHandler>();
        if (procedures.ContainsKey(procedure))
        {
            throw new InvalidOperationException($"Procedure {procedure} of program {program} version {version} is already registered.");
        }

        procedures.Add(procedure, handler);
        versions[version] = procedures;
        programs[program] = new ProgramEntry(versions);
        return new ProcedureTable(programs);
    }
}

internal sealed class ProgramEntry
{
    public ProgramEntry(Dictionary<uint, Dictionary<uint, ProcedureHandler>> versions)
    {
        Versions = versions;
        Low = versions.Keys.Min();
        High = versions.Keys.Max();

        // The program's name is the one its procedures were registered with; procedure 0, which the server
        // answers by itself, is reported as NULL, the name RFC 5531 gives it.
        RpcProcedure? named = versions.Values.SelectMany(p => p.Values).Select(h => h.Names).FirstOrDefault(n => n is not null);
        if (named is not null)
        {
            Name = named.ProgramName;
            NullProcedures = versions.Keys.ToDictionary(v => v, v => new RpcProcedure(named.Program, v, 0, named.ProgramName, "NULL"));
        }
    }

    /// <summary>Gets the program's name, when a procedure was registered with one.</summary>
    public string? Name { get; }

    /// <summary>Gets the names of the NULL procedure the server answers by itself, per version, when the program has a name.</summary>
    public Dictionary<uint, RpcProcedure>? NullProcedures { get; }

    public Dictionary<uint, Dictionary<uint, ProcedureHandler>> Versions { get; }

    public uint Low { get; }

    public uint High { get; }
}
