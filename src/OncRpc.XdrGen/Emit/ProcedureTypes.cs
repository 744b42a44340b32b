using OncRpc.XdrGen.Semantics;

namespace OncRpc.XdrGen.Emit;

/// <summary>The C# shapes of a procedure's arguments and result, shared by the client and server writers.</summary>
internal static class ProcedureTypes
{
    /// <summary>The C# type the arguments travel as: XdrVoid, the single argument's type, or a tuple.</summary>
    public static string ArgumentsType(EmitContext context, ProcedureNames p) => p.Procedure.Arguments.Count switch
    {
        0 => EmitContext.Xdr + "XdrVoid",
        1 => context.CSharpType(p.Procedure.Arguments[0]),
        _ => "(" + string.Join(", ", p.Procedure.Arguments.Select((a, i) => $"{context.CSharpType(a)} {Tuple(p, i)}")) + ")",
    };

    public static string Tuple(ProcedureNames p, int index) => Naming.Pascal(p.Parameters[index].TrimStart('@'));

    public static string ArgumentsCodec(EmitContext context, VersionNames v, ProcedureNames p) => p.Procedure.Arguments.Count switch
    {
        0 => EmitContext.Xdr + "XdrCodec.Void",
        1 => context.CodecExpression(p.Procedure.Arguments[0]),
        _ => $"{context.Qualify(v.ArgumentsClass!)}.{p.ArgumentsCodec}.Instance",
    };

    public static bool IsVoidResult(ProcedureNames p) => p.Procedure.Result is VoidType;

    public static string ResultType(EmitContext context, ProcedureNames p) => context.CSharpType(p.Procedure.Result);

    public static string ResultCodec(EmitContext context, ProcedureNames p) => context.CodecExpression(p.Procedure.Result);

    public static string Signature(EmitContext context, ProcedureNames p) =>
        string.Join(", ", p.Procedure.Arguments.Select((a, i) => $"{context.CSharpType(a)} {p.Parameters[i]}"));

    public static string Describe(ProcedureNames p)
    {
        var d = p.Procedure.Definition;
        return $"{SourceText.Type(d.Result)} {d.Name}({string.Join(", ", d.Arguments.Select(SourceText.Type))}) = {p.Procedure.Number}";
    }
}
