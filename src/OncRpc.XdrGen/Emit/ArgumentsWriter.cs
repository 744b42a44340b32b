namespace OncRpc.XdrGen.Emit;

/// <summary>
/// Writes the codecs of procedures with several arguments (rpcgen -N): the arguments travel as a value tuple and
/// are encoded one after the other, as rpcgen's generated argument struct is.
/// </summary>
internal static class ArgumentsWriter
{
    public static void Write(EmitContext context, CodeWriter w, VersionNames v)
    {
        if (v.ArgumentsClass is null)
        {
            return;
        }

        SourceText.Summary(w, $"Codecs of the multi-argument procedures of version {SourceText.Code(v.Version.Definition.Name)}.");
        w.Open($"internal static partial class {v.ArgumentsClass}");
        bool first = true;
        foreach (ProcedureNames p in v.Procedures.Where(p => p.ArgumentsCodec is not null))
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            string type = ProcedureTypes.ArgumentsType(context, p);
            w.Open($"internal sealed class {p.ArgumentsCodec} : global::OncRpc.Xdr.IXdrCodec<{type}>");
            w.Line($"public static readonly {p.ArgumentsCodec} Instance = new();");
            w.Line();
            w.Open($"public {type} Read({CodecMembers.Reader})");
            w.ResetLocals();
            var code = new XdrCode(context, w);
            var names = new List<string>();
            for (int i = 0; i < p.Procedure.Arguments.Count; i++)
            {
                string expression = code.Read(p.Procedure.Arguments[i], p.Procedure.Definition.Name);
                string local = p.Parameters[i];
                w.Line($"{context.CSharpType(p.Procedure.Arguments[i])} {local} = {expression};");
                names.Add(local);
            }

            w.Line($"return ({string.Join(", ", names)});");
            w.Close();
            w.Line();
            w.Open($"public void Write({CodecMembers.Writer}, {type} value)");
            w.ResetLocals();
            code = new XdrCode(context, w);
            for (int i = 0; i < p.Procedure.Arguments.Count; i++)
            {
                code.Write(p.Procedure.Arguments[i], "value." + ProcedureTypes.Tuple(p, i), p.Procedure.Definition.Name);
            }

            w.Close();
            w.Line();
            w.Open($"public int GetEncodedSize({type} value)");
            w.ResetLocals();
            code = new XdrCode(context, w);
            w.Line("int size = 0;");
            for (int i = 0; i < p.Procedure.Arguments.Count; i++)
            {
                w.Line($"size += {code.Size(p.Procedure.Arguments[i], "value." + ProcedureTypes.Tuple(p, i))};");
            }

            w.Line("return size;");
            w.Close();
            w.Close();
        }

        w.Close();
    }
}
