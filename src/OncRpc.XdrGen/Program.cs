using System.Diagnostics;
using OncRpc.XdrGen;

return XdrGenCommand.Run(args, Console.Out, Console.Error);

namespace OncRpc.XdrGen
{
    /// <summary>The <c>xdrgen</c> command: exit 0 on success, 1 for errors in the input, 2 for usage errors.</summary>
    internal static class XdrGenCommand
    {
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            CompilerOptions? options = CommandLine.Parse(args, out string? error, out bool help);
            if (help)
            {
                stdout.WriteLine(CommandLine.Usage);
                return 0;
            }

            if (options is null)
            {
                stderr.WriteLine($"xdrgen: error: {error}");
                stderr.WriteLine("Run 'xdrgen --help' for usage.");
                return 2;
            }

            try
            {
                return Generate(options, stdout, stderr);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"xdrgen: error: {ex.Message}");
                return 1;
            }
#pragma warning disable CA1031 // The tool's contract: a message, never a stack trace.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                stderr.WriteLine($"xdrgen: internal error: {ex.GetType().Name}: {ex.Message}");
                return 1;
            }
        }

        private static int Generate(CompilerOptions options, TextWriter stdout, TextWriter stderr)
        {
            var outputs = new List<(string Path, string Text)>();
            bool failed = false;
            foreach (string input in options.Inputs)
            {
                if (!File.Exists(input))
                {
                    stderr.WriteLine($"{input}:1:1: error: file not found");
                    failed = true;
                    continue;
                }

                try
                {
                    string text = Compiler.Compile(input, options);
                    outputs.Add((Path.Combine(options.OutputDirectory!, Path.GetFileNameWithoutExtension(input) + ".cs"), text));
                }
                catch (CompilationFailedException ex)
                {
                    foreach (var e in ex.Errors)
                    {
                        stderr.WriteLine(e.Format());
                    }

                    failed = true;
                }
            }

            if (failed)
            {
                return 1;
            }

            Directory.CreateDirectory(options.OutputDirectory!);
            foreach (var (path, text) in outputs)
            {
                File.WriteAllText(path, text);
            }

            if (options.TimingRuns > 0)
            {
                var stopwatch = Stopwatch.StartNew();
                for (int run = 0; run < options.TimingRuns; run++)
                {
                    foreach (string input in options.Inputs)
                    {
                        Compiler.Compile(input, options);
                    }
                }

                stdout.WriteLine($"xdrgen: compiled {options.Inputs.Count} files {options.TimingRuns} times: {stopwatch.Elapsed.TotalMilliseconds / options.TimingRuns:F1} ms per pass");
            }

            return 0;
        }
    }
}
