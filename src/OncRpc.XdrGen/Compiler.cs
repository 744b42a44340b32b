using OncRpc.XdrGen.Emit;
using OncRpc.XdrGen.Semantics;
using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen;

/// <summary>The pipeline for one input: preprocess, parse, bind and check, emit C#.</summary>
internal static class Compiler
{
    /// <summary>Compiles one .x file to C# text, or throws <see cref="CompilationFailedException"/> with every error found.</summary>
    public static string Compile(string path, CompilerOptions options)
    {
        string displayName = path;
        string stem = Path.GetFileNameWithoutExtension(path);
        Specification specification;
        var preprocessor = new Preprocessor(options.Defines, options.IncludeDirectories);
        try
        {
            List<Token> tokens = preprocessor.Run(path, displayName);
            specification = new Parser(tokens).Parse();
        }
        catch (XdrGenException ex)
        {
            throw new CompilationFailedException([ex]);
        }

        var binder = new Binder(options.Bindings, preprocessor.PassThroughDefines);
        SemanticModel model = binder.Bind(specification);
        if (binder.Errors.Count > 0)
        {
            throw new CompilationFailedException(binder.Errors);
        }

        return FileEmitter.Emit(model, Path.GetFileName(path), stem, options.Namespace ?? Naming.Pascal(stem));
    }
}
