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
    }

    public Dictionary<uint, Dictionary<uint, ProcedureHandler>> Versions { get; }

    public uint Low { get; }

    public uint High { get; }
}
