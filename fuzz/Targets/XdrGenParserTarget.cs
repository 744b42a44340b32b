using System.Text;
using OncRpc.XdrGen;
using OncRpc.XdrGen.Syntax;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// xdrgen's front end and emitter on arbitrary .x text: the preprocessor (#define, #if, #include, % lines), the
/// parser, the binder's checks and the C# emitter. A bad file must end in <see cref="CompilationFailedException"/>
/// (file:line:col errors), never in another exception, a hang or unbounded memory.
/// </summary>
internal sealed class XdrGenParserTarget : FuzzTarget
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"oncrpc-fuzz-xdrgen-{Environment.ProcessId}");

    public override string Name => "xdrgen-parser";

    public override string Description => "OncRpc.XdrGen: preprocessor, lexer, parser, binder and emitter on arbitrary .x text";

    // Generated C# is many times longer than the .x text it comes from: the allowance covers a few hundred KiB of
    // output for a small file, while the 64x factor still catches growth out of proportion with the input.
    public override long FixedAllowance => 8 * 1024 * 1024;

    public override bool IsExpected(Exception exception) => exception is CompilationFailedException or XdrGenException;

    public override void Run(ReadOnlySpan<byte> input)
    {
        Directory.CreateDirectory(_directory);
        string path = Path.Combine(_directory, "input.x");
        File.WriteAllBytes(path, input.ToArray());
        var options = new CompilerOptions { Namespace = "Fuzz.Generated" };
        options.IncludeDirectories.Add(_directory);
        options.Defines.Add(new("MAXNETNAMELEN", "255"));
        Compiler.Compile(path, options);
    }

    public override IEnumerable<byte[]> Seeds(SeedSources sources)
    {
        foreach (string text in sources.XFiles)
        {
            if (text.Length <= XDefinitionSplitter.WholeFileLimit)
            {
                yield return Encoding.UTF8.GetBytes(text);
            }

            foreach (string definition in XDefinitionSplitter.Split(text))
            {
                yield return Encoding.UTF8.GetBytes(definition);
            }
        }

        yield return "const N = 4; typedef opaque fh[N]; struct s { int a<N>; s *next; }; union u switch (int d) { case 1: s x; default: void; };\nprogram P { version V { u PROC(s) = 1; } = 1; } = 0x20000001;\n"u8.ToArray();
        yield return "#define A 1\n#if A > 0\nenum e { X = A, Y = 2 };\n#else\n%#include <x.h>\n#endif\n"u8.ToArray();
    }
}
