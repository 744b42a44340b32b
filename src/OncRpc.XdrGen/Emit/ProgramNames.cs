using OncRpc.XdrGen.Semantics;

namespace OncRpc.XdrGen.Emit;

/// <summary>The C# names of one program version's generated types and members.</summary>
internal sealed record VersionNames(
    ResolvedVersion Version,
    string ConstantsClass,
    string QualifiedConstants,
    string Client,
    string ServerInterface,
    string ServerExtensions,
    string? ArgumentsClass,
    IReadOnlyList<ProcedureNames> Procedures);

/// <summary>The C# names of one procedure: its number constant, its method, its parameters.</summary>
internal sealed record ProcedureNames(ResolvedProcedure Procedure, string Constant, string Method, IReadOnlyList<string> Parameters, string? ArgumentsCodec)
{
    /// <summary>Gets the name of the procedure's <c>RpcProcedure</c> field (numbers and names, for traces and metrics).</summary>
    public string Descriptor { get; init; } = string.Empty;
}

/// <summary>The C# names of a program, decided once so that the constants, client and server writers agree.</summary>
internal sealed record ProgramNames(ResolvedProgram Program, string Class, IReadOnlyList<VersionNames> Versions)
{
    public static ProgramNames Create(EmitContext context, ResolvedProgram program)
    {
        string programClass = context.Scope.Take(Naming.Pascal(program.Definition.Name));
        var programScope = new NameScope([programClass, "Program", "Name", "GetVersionName", .. NameScope.TypeMembers]);
        var versions = new List<VersionNames>();
        foreach (ResolvedVersion version in program.Versions)
        {
            string pascal = Naming.Pascal(version.Definition.Name);
            string versionClass = programScope.Take(pascal);
            var constantScope = new NameScope([versionClass, "Version", "Name", "GetProcedureName", .. NameScope.TypeMembers]);
            string client = context.Scope.Take(pascal + "Client");
            var methodScope = new NameScope([client, "Client", .. NameScope.TypeMembers]);
            bool multi = version.Procedures.Any(p => p.Arguments.Count > 1);
            string? arguments = multi ? context.Scope.Take(pascal + "Arguments") : null;
            var argumentScope = new NameScope(arguments ?? string.Empty);
            var procedures = version.Procedures.Select(p => new ProcedureNames(
                p,
                constantScope.Take(Naming.Pascal(p.Definition.Name)),
                methodScope.Take(Naming.Pascal(p.Definition.Name) + "Async"),
                ParameterNames(p),
                p.Arguments.Count > 1 ? argumentScope.Take(Naming.Pascal(p.Definition.Name)) : null)).ToList();

            // Taken after the constants, so that adding them renames no constant.
            procedures = procedures.Select(p => p with { Descriptor = constantScope.Take(p.Constant + "Procedure") }).ToList();
            versions.Add(new VersionNames(
                version,
                versionClass,
                $"{context.Qualify(programClass)}.{versionClass}",
                client,
                context.Scope.Take("I" + pascal + "Server"),
                context.Scope.Take(pascal + "ServerExtensions"),
                arguments,
                procedures));
        }

        return new ProgramNames(program, programClass, versions);
    }

    /// <summary>Parameter names from the argument types: <c>dirpath</c>, or <c>argument</c> for a built-in type.</summary>
    private static List<string> ParameterNames(ResolvedProcedure procedure)
    {
        var scope = new NameScope("options", "cancellationToken", "context", "implementation", "server", "arguments", "reader", "writer", "value", "size", "client");
        var names = new List<string>();
        for (int i = 0; i < procedure.Arguments.Count; i++)
        {
            string? typeName = procedure.Definition.Arguments[i].Name;
            string wanted = typeName is null ? "argument" : Naming.Camel(typeName);
            if (procedure.Arguments.Count > 1 && typeName is null)
            {
                wanted = $"argument{i + 1}";
            }

            names.Add(scope.Take(wanted));
        }

        return names;
    }
}
