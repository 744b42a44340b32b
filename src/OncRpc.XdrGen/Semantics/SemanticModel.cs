using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Semantics;

/// <summary>A resolved program version and its procedures.</summary>
internal sealed record ResolvedProcedure(ProcedureDefinition Definition, uint Number, XType Result, IReadOnlyList<XType> Arguments);

internal sealed record ResolvedVersion(VersionDefinition Definition, uint Number, IReadOnlyList<ResolvedProcedure> Procedures);

internal sealed record ResolvedProgram(ProgramDefinition Definition, uint Number, IReadOnlyList<ResolvedVersion> Versions);

internal sealed record ResolvedConstant(ConstDefinition Definition, Int128 Value, string? Text);

/// <summary>The checked specification, in source order, ready for the emitter.</summary>
internal sealed class SemanticModel
{
    /// <summary>Gets the definitions in source order: <see cref="ResolvedConstant"/>, <see cref="TypeSymbol"/> and <see cref="ResolvedProgram"/>.</summary>
    public List<object> Items { get; } = [];
}
