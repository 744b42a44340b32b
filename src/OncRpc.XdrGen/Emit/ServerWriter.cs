namespace OncRpc.XdrGen.Emit;

/// <summary>
/// Writes the server side of a program version: an interface with one method per procedure, and an extension
/// method that registers an implementation with <c>RpcServer.AddProcedure</c>.
/// </summary>
internal static class ServerWriter
{
    private const string Context = "global::OncRpc.Server.RpcCallContext";
    private const string Token = "global::System.Threading.CancellationToken";

    public static void Write(EmitContext context, CodeWriter w, ProgramNames program, VersionNames v)
    {
        string constants = v.QualifiedConstants;
        string programClass = context.Qualify(program.Class);
        SourceText.Summary(w, $"The procedures of {SourceText.Code(program.Program.Definition.Name)} version {SourceText.Code(v.Version.Definition.Name)}, implemented by a server.");
        w.Line($"/// <remarks>Register an implementation with <see cref=\"{v.ServerExtensions}.Add{v.ConstantsClass}\"/>.</remarks>");
        w.Open($"public partial interface {v.ServerInterface}");
        bool first = true;
        foreach (ProcedureNames p in v.Procedures)
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            SourceText.Summary(w, $"Handles {SourceText.Code(ProcedureTypes.Describe(p))}.");
            for (int i = 0; i < p.Parameters.Count; i++)
            {
                w.Line($"/// <param name=\"{p.Parameters[i].TrimStart('@')}\">Argument {SourceText.Code(SourceText.Type(p.Procedure.Definition.Arguments[i]))}.</param>");
            }

            w.Line("/// <param name=\"context\">The call: caller, credentials, transport.</param>");
            w.Line("/// <param name=\"cancellationToken\">Cancelled when the server stops or the call's deadline passes.</param>");
            bool isVoid = ProcedureTypes.IsVoidResult(p);
            w.Line(isVoid ? "/// <returns>A task that completes when the procedure is done.</returns>" : "/// <returns>The result to send back.</returns>");
            string signature = ProcedureTypes.Signature(context, p);
            string returnType = isVoid ? "global::System.Threading.Tasks.ValueTask" : $"global::System.Threading.Tasks.ValueTask<{ProcedureTypes.ResultType(context, p)}>";
            w.Line($"{returnType} {p.Method}({(signature.Length > 0 ? signature + ", " : string.Empty)}{Context} context, {Token} cancellationToken);");
        }

        w.Close();
        w.Line();

        SourceText.Summary(w, $"Registers implementations of <see cref=\"{v.ServerInterface}\"/> with an <see cref=\"global::OncRpc.Server.RpcServer\"/>.");
        w.Open($"public static partial class {v.ServerExtensions}");
        SourceText.Summary(w, $"Adds every procedure of {SourceText.Code(program.Program.Definition.Name)} version {SourceText.Code(v.Version.Definition.Name)} to a server.");
        w.Line("/// <param name=\"server\">The server.</param>");
        w.Line("/// <param name=\"implementation\">The procedures' implementation.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentNullException\">An argument is <see langword=\"null\"/>.</exception>");
        w.Open($"public static void Add{v.ConstantsClass}(this global::OncRpc.Server.RpcServer server, {v.ServerInterface} implementation)");
        w.Open("if (server is null)");
        w.Line("throw new global::System.ArgumentNullException(nameof(server));");
        w.Close();
        w.Line();
        w.Open("if (implementation is null)");
        w.Line("throw new global::System.ArgumentNullException(nameof(implementation));");
        w.Close();
        foreach (ProcedureNames p in v.Procedures)
        {
            w.Line();
            string call = p.Procedure.Arguments.Count switch
            {
                0 => $"implementation.{p.Method}(context, cancellationToken)",
                1 => $"implementation.{p.Method}(arguments, context, cancellationToken)",
                _ => $"implementation.{p.Method}({string.Join(", ", p.Procedure.Arguments.Select((_, i) => "arguments." + ProcedureTypes.Tuple(p, i)))}, context, cancellationToken)",
            };
            w.Line("server.AddProcedure(");
            w.Line($"    {constants}.{p.Descriptor},");
            w.Line($"    {ProcedureTypes.ArgumentsCodec(context, v, p)},");
            w.Line($"    {ProcedureTypes.ResultCodec(context, p)},");
            if (ProcedureTypes.IsVoidResult(p))
            {
                w.Line($"    async ({ProcedureTypes.ArgumentsType(context, p)} arguments, {Context} context, {Token} cancellationToken) =>");
                w.Line("    {");
                w.Line($"        await {call}.ConfigureAwait(false);");
                w.Line($"        return {EmitContext.Xdr}XdrVoid.Value;");
                w.Line("    });");
            }
            else
            {
                w.Line($"    ({ProcedureTypes.ArgumentsType(context, p)} arguments, {Context} context, {Token} cancellationToken) => {call});");
            }
        }

        w.Close();
        w.Close();
    }
}
