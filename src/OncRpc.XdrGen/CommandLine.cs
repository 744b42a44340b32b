using OncRpc.XdrGen.Semantics;

namespace OncRpc.XdrGen;

/// <summary>Parses the command line; a malformed one is a usage error (exit code 2).</summary>
internal static class CommandLine
{
    public const string Usage = """
        usage: xdrgen FILE.x... --output DIR [--namespace NS] [-D NAME[=VALUE]]... [-I DIR]...
                      [--bind XDRNAME=CSharpType,CodecExpression[,struct]]... [--time N]

        Compiles XDR/RPC language files (RFC 4506, RFC 5531, rpcgen dialect) to C#: one FILE.cs per input with
        types, XDR codecs, a typed client and a server interface per program version.

          --output, -o DIR     directory for the generated .cs files (created if missing)
          --namespace, -n NS   C# namespace of the generated code (default: the file name in PascalCase)
          -D NAME[=VALUE]      define a preprocessor macro (VALUE defaults to 1)
          -I DIR               add a directory to search for #include files
          --bind X=T,C         do not generate XDR type X: use C# type T and the IXdrCodec<T> expression C
                               (add ,struct when T is a value type)
          --time N             compile every input N more times after one warm-up and print the time taken

        exit codes: 0 success, 1 errors in the input, 2 usage error
        """;

    /// <summary>Returns the options, or null and an error message.</summary>
    public static CompilerOptions? Parse(string[] args, out string? error, out bool help)
    {
        var options = new CompilerOptions();
        error = null;
        help = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? Value()
            {
                if (i + 1 >= args.Length)
                {
                    return null;
                }

                return args[++i];
            }

            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    help = true;
                    return null;
                case "-o" or "--output":
                    options.OutputDirectory = Value();
                    if (options.OutputDirectory is null)
                    {
                        error = $"{arg} needs a directory";
                        return null;
                    }

                    continue;
                case "-n" or "--namespace":
                    options.Namespace = Value();
                    if (options.Namespace is null || !IsNamespace(options.Namespace))
                    {
                        error = $"{arg} needs a C# namespace (dotted identifiers), got '{options.Namespace}'";
                        return null;
                    }

                    continue;
                case "--bind":
                    {
                        string? text = Value();
                        TypeBinding? binding = text is null ? null : TypeBinding.TryParse(text);
                        if (binding is null)
                        {
                            error = $"--bind needs XDRNAME=CSharpType,CodecExpression[,struct], got '{text}'";
                            return null;
                        }

                        options.Bindings[binding.XdrName] = binding;
                        continue;
                    }

                case "--time":
                    if (!int.TryParse(Value(), out int runs) || runs < 1)
                    {
                        error = "--time needs a positive number of runs";
                        return null;
                    }

                    options.TimingRuns = runs;
                    continue;
            }

            if (arg.StartsWith("-D", StringComparison.Ordinal))
            {
                string? define = arg.Length > 2 ? arg[2..] : Value();
                int eq = define?.IndexOf('=', StringComparison.Ordinal) ?? -1;
                string? name = eq < 0 ? define : define![..eq];
                if (string.IsNullOrEmpty(name) || !IsIdentifier(name))
                {
                    error = $"-D needs NAME or NAME=VALUE, got '{define}'";
                    return null;
                }

                options.Defines.Add(new(name, eq < 0 ? "1" : define![(eq + 1)..]));
            }
            else if (arg.StartsWith("-I", StringComparison.Ordinal))
            {
                string? dir = arg.Length > 2 ? arg[2..] : Value();
                if (string.IsNullOrEmpty(dir))
                {
                    error = "-I needs a directory";
                    return null;
                }

                options.IncludeDirectories.Add(dir);
            }
            else if (arg.StartsWith('-') && arg != "-")
            {
                error = $"unknown option '{arg}'";
                return null;
            }
            else
            {
                options.Inputs.Add(arg);
            }
        }

        if (options.Inputs.Count == 0)
        {
            error = "no input files";
            return null;
        }

        if (options.OutputDirectory is null)
        {
            error = "--output DIR is required";
            return null;
        }

        var stems = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string input in options.Inputs)
        {
            if (!stems.Add(Path.GetFileNameWithoutExtension(input)))
            {
                error = $"two inputs would both generate {Path.GetFileNameWithoutExtension(input)}.cs";
                return null;
            }
        }

        return options;
    }

    private static bool IsNamespace(string text) => text.Split('.').All(IsIdentifier);

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c == '_');
}
