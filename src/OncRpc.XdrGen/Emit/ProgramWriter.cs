using System.Globalization;

namespace OncRpc.XdrGen.Emit;

/// <summary>
/// Writes a program's numbers and names: a static class with the program number and name, a nested class per
/// version with the version number, one constant per procedure, and name look-ups for logs and trace spans.
/// </summary>
internal static class ProgramWriter
{
    public static void Write(CodeWriter w, ProgramNames names)
    {
        var program = names.Program;
        SourceText.Summary(w, $"RPC program {SourceText.Code(program.Definition.Name)} ({Number(program.Number)}): its number, versions, procedures and their names.");
        w.Open($"public static partial class {names.Class}");
        SourceText.Summary(w, "The program number.");
        w.Line($"public const uint Program = {Number(program.Number)};");
        w.Line();
        SourceText.Summary(w, "The program name, as written in the .x file.");
        w.Line($"public const string Name = {Naming.Literal(program.Definition.Name)};");
        w.Line();
        SourceText.Summary(w, "Gets the name of a version of this program, or <see langword=\"null\"/> for a version it does not define.");
        w.Line("/// <param name=\"version\">The version number.</param>");
        w.Line("/// <returns>The version name as written in the .x file.</returns>");
        w.Line("public static string? GetVersionName(uint version) => version switch");
        w.Open();
        foreach (VersionNames v in names.Versions)
        {
            w.Line($"{Number(v.Version.Number)} => {Naming.Literal(v.Version.Definition.Name)},");
        }

        w.Line("_ => null,");
        w.Close(";");
        foreach (VersionNames v in names.Versions)
        {
            w.Line();
            SourceText.Summary(w, $"Version {SourceText.Code(v.Version.Definition.Name)} ({Number(v.Version.Number)}) of {SourceText.Code(program.Definition.Name)}.");
            w.Open($"public static partial class {v.ConstantsClass}");
            SourceText.Summary(w, "The version number.");
            w.Line($"public const uint Version = {Number(v.Version.Number)};");
            w.Line();
            SourceText.Summary(w, "The version name, as written in the .x file.");
            w.Line($"public const string Name = {Naming.Literal(v.Version.Definition.Name)};");
            foreach (ProcedureNames p in v.Procedures)
            {
                w.Line();
                SourceText.Summary(w, $"The number of procedure {SourceText.Code(p.Procedure.Definition.Name)}.");
                w.Line($"public const uint {p.Constant} = {Number(p.Procedure.Number)};");
            }

            string qualifiedProgram = v.QualifiedConstants.Substring(0, v.QualifiedConstants.Length - v.ConstantsClass.Length - 1);
            foreach (ProcedureNames p in v.Procedures)
            {
                w.Line();
                SourceText.Summary(w, $"Procedure {SourceText.Code(p.Procedure.Definition.Name)} with its numbers and names, which traces and metrics show as {SourceText.Code(program.Definition.Name + "/" + p.Procedure.Definition.Name)}.");
                w.Line($"public static readonly global::OncRpc.RpcProcedure {p.Descriptor} = new({qualifiedProgram}.Program, Version, {p.Constant}, {Naming.Literal(program.Definition.Name)}, {Naming.Literal(p.Procedure.Definition.Name)});");
            }

            w.Line();
            SourceText.Summary(w, "Gets the name of a procedure of this version, or <see langword=\"null\"/> for a procedure it does not define.");
            w.Line("/// <param name=\"procedure\">The procedure number.</param>");
            w.Line("/// <returns>The procedure name as written in the .x file.</returns>");
            w.Line("public static string? GetProcedureName(uint procedure) => procedure switch");
            w.Open();
            foreach (ProcedureNames p in v.Procedures)
            {
                w.Line($"{Number(p.Procedure.Number)} => {Naming.Literal(p.Procedure.Definition.Name)},");
            }

            w.Line("_ => null,");
            w.Close(";");
            w.Close();
        }

        w.Close();
    }

    internal static string Number(uint value) => value.ToString(CultureInfo.InvariantCulture);
}
