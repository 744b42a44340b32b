namespace ShowMount.Cli;

/// <summary>
/// showmount's command line as GNU <c>getopt_long</c> reads it with the option string "adehv": options and operands
/// in any order ("--" ends the options), short options in clusters, long options by any unambiguous prefix, and
/// glibc's wording for every diagnostic. <c>-h</c> and <c>-v</c> act the moment they are read, as in the C tool.
/// </summary>
internal static class CommandLine
{
    private const string Version = "showmount for 2.6.2";

    // In the C tool's table order, which glibc follows when it lists the candidates of an ambiguous prefix.
    private static readonly (string Name, char Short)[] LongOptions =
    {
        ("all", 'a'), ("directories", 'd'), ("exports", 'e'), ("no-headers", '\0'), ("version", 'v'), ("help", 'h'),
    };

    /// <summary>Parses the arguments; throws <see cref="ShowMountExitException"/> when showmount stops here.</summary>
    public static ShowMountCommand Parse(IReadOnlyList<string> args, string programName, TextWriter stdout, TextWriter stderr)
    {
        bool all = false, directories = false, exports = false, headers = true;
        var operands = new List<string>();
        bool optionsEnded = false;
        foreach (string arg in args)
        {
            if (optionsEnded || arg.Length < 2 || arg[0] != '-')
            {
                operands.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            IEnumerable<char> letters = arg[1] == '-' ? new[] { LongOption(arg.Substring(2), programName, stderr) } : arg.Substring(1);
            foreach (char c in letters)
            {
                switch (c)
                {
                    case 'a':
                        all = true;
                        break;
                    case 'd':
                        directories = true;
                        break;
                    case 'e':
                        exports = true;
                        break;
                    case '\0':
                        headers = false;
                        break;
                    case 'h':
                        Usage(stdout, programName);
                        throw new ShowMountExitException(0);
                    case 'v':
                        stdout.Write(Version + "\n");
                        throw new ShowMountExitException(0);
                    case '?':
                        Usage(stderr, programName);
                        throw new ShowMountExitException(1);
                    default:
                        stderr.Write($"{programName}: invalid option -- '{c}'\n");
                        Usage(stderr, programName);
                        throw new ShowMountExitException(1);
                }
            }
        }

        int chosen = (all ? 1 : 0) + (directories ? 1 : 0) + (exports ? 1 : 0);
        if (chosen > 1)
        {
            stderr.Write($"{programName}: only one of -a, -d or -e is allowed\n");
            throw new ShowMountExitException(1);
        }

        if (operands.Count > 1)
        {
            stderr.Write($"{programName}: only one hostname is allowed\n");
            throw new ShowMountExitException(1);
        }

        ShowMountMode mode = all ? ShowMountMode.All : directories ? ShowMountMode.Directories : exports ? ShowMountMode.Exports : ShowMountMode.Hosts;
        return new ShowMountCommand(mode, operands.Count == 1 ? operands[0] : null, headers);
    }

    /// <summary>The usage text, to stdout for -h and to stderr after a bad option.</summary>
    public static void Usage(TextWriter writer, string programName)
    {
        writer.Write($"Usage: {programName} [-adehv]\n");
        writer.Write("       [--all] [--directories] [--exports]\n");
        writer.Write("       [--no-headers] [--help] [--version] [host]\n");
    }

    /// <summary>
    /// One long option (the text after "--"): its short letter, '\0' for --no-headers, or '?' after glibc's
    /// diagnostic. An exact name wins; otherwise a prefix must match exactly one name.
    /// </summary>
    private static char LongOption(string text, string programName, TextWriter stderr)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? text : text.Substring(0, equals);
        var candidates = LongOptions.Where(o => o.Name == name).ToList();
        if (candidates.Count == 0)
        {
            candidates = LongOptions.Where(o => o.Name.StartsWith(name, StringComparison.Ordinal)).ToList();
        }

        if (candidates.Count == 0)
        {
            stderr.Write($"{programName}: unrecognized option '--{text}'\n");
            return '?';
        }

        if (candidates.Count > 1)
        {
            stderr.Write($"{programName}: option '--{text}' is ambiguous; possibilities:");
            foreach ((string candidate, char _) in candidates)
            {
                stderr.Write($" '--{candidate}'");
            }

            stderr.Write("\n");
            return '?';
        }

        if (equals >= 0)
        {
            stderr.Write($"{programName}: option '--{candidates[0].Name}' doesn't allow an argument\n");
            return '?';
        }

        return candidates[0].Short;
    }
}
