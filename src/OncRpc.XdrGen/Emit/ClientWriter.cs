namespace OncRpc.XdrGen.Emit;

/// <summary>Writes the typed client of a program version: one <c>Task</c> method per procedure over <c>RpcClient</c>.</summary>
internal static class ClientWriter
{
    public static void Write(EmitContext context, CodeWriter w, ProgramNames program, VersionNames v)
    {
        string constants = v.QualifiedConstants;
        string programClass = context.Qualify(program.Class);
        SourceText.Summary(w, $"A client of {SourceText.Code(program.Program.Definition.Name)} version {SourceText.Code(v.Version.Definition.Name)} over an <see cref=\"global::OncRpc.Client.RpcClient\"/>.");
        w.Line("/// <remarks>The client does not own the <see cref=\"global::OncRpc.Client.RpcClient\"/>; dispose that when done. Calls may run concurrently.</remarks>");
        w.Open($"public sealed partial class {v.Client}");
        SourceText.Summary(w, "Initializes a new instance over a connected client.");
        w.Line("/// <param name=\"client\">The RPC client to call through.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"client\"/> is <see langword=\"null\"/>.</exception>");
        w.Open($"public {v.Client}(global::OncRpc.Client.RpcClient client)");
        w.Line("Client = client ?? throw new global::System.ArgumentNullException(nameof(client));");
        w.Close();
        w.Line();
        SourceText.Summary(w, "Gets the RPC client the calls go through.");
        w.Line("public global::OncRpc.Client.RpcClient Client { get; }");
        foreach (ProcedureNames p in v.Procedures)
        {
            w.Line();
            SourceText.Summary(w, $"Calls {SourceText.Code(ProcedureTypes.Describe(p))}.");
            for (int i = 0; i < p.Parameters.Count; i++)
            {
                w.Line($"/// <param name=\"{p.Parameters[i].TrimStart('@')}\">Argument {SourceText.Code(SourceText.Type(p.Procedure.Definition.Arguments[i]))}.</param>");
            }

            w.Line("/// <param name=\"options\">Per-call options (credentials, timeout), or <see langword=\"null\"/> for the client's defaults.</param>");
            w.Line("/// <param name=\"cancellationToken\">A token to cancel the call.</param>");
            bool isVoid = ProcedureTypes.IsVoidResult(p);
            w.Line(isVoid ? "/// <returns>A task that completes when the server has replied.</returns>" : "/// <returns>The procedure's result.</returns>");
            string signature = ProcedureTypes.Signature(context, p);
            string parameters = (signature.Length > 0 ? signature + ", " : string.Empty) + "global::OncRpc.Client.RpcCallOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default";
            string returnType = isVoid ? "global::System.Threading.Tasks.Task" : $"global::System.Threading.Tasks.Task<{ProcedureTypes.ResultType(context, p)}>";
            string arguments = p.Procedure.Arguments.Count switch
            {
                0 => EmitContext.Xdr + "XdrVoid.Value",
                1 => p.Parameters[0],
                _ => "(" + string.Join(", ", p.Parameters) + ")",
            };
            w.Line($"public {returnType} {p.Method}({parameters}) =>");
            w.Line($"    Client.CallAsync({constants}.{p.Descriptor}, {ProcedureTypes.ArgumentsCodec(context, v, p)}, {arguments}, {ProcedureTypes.ResultCodec(context, p)}, options, cancellationToken);");
        }

        w.Close();
    }
}
