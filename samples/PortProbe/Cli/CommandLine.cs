using System.Globalization;
using System.Net.Sockets;

namespace PortProbe.Cli;

/// <summary>Parses the command line into <see cref="ProbeOptions"/>; usage mistakes come back as a message.</summary>
internal static class CommandLine
{
    public const string Usage =
        """
        usage: portprobe [options] TARGET...
               portprobe [options] -f FILE

        Checks whether port 111 (portmapper/rpcbind) is exposed, which RPC programs it reveals, and whether it can
        be abused as a UDP reflection amplifier. It only reads: it never registers, unregisters or forwards calls.

        TARGET is a host name, an IPv4 or IPv6 address, or a CIDR range (10.0.0.0/24, fd00::/120).

        options:
          -f, --file FILE        read targets from FILE (one or more per line, # starts a comment; - is stdin)
          -p, --port N           probe port N instead of 111
          -t, --timeout T        limit for each network step of a host: 3s (default), 500ms, 2 (seconds)
          -c, --concurrency N    probe N hosts at the same time (default 64)
              --max-hosts N      refuse scans that expand to more than N addresses (default 65536)
          -4, -6                 resolve host names to IPv4 / IPv6 addresses only
              --tcp-only         skip the UDP checks (no amplification measurement)
              --json             write the report as JSON (schema: samples/PortProbe/README.md)
              --color WHEN       auto (default: only on a terminal, NO_COLOR respected), always, never
              --no-color         same as --color never
              --progress WHEN    auto (default: only when stderr is a terminal), always, never
          -q, --quiet            same as --progress never
          -h, --help             show this help
              --version          show the version

        exit codes: 0 nothing exposed, 1 something exposed, 2 usage or runtime error
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> on a usage error.</summary>
    public static ProbeOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var targets = new List<string>();
        var files = new List<string>();
        int port = ProbeOptions.DefaultPort;
        int concurrency = ProbeOptions.DefaultConcurrency;
        int maxHosts = ProbeOptions.DefaultMaxHosts;
        TimeSpan timeout = ProbeOptions.DefaultTimeout;
        bool json = false, udp = true, help = false, version = false, onlyTargets = false;
        ColorMode color = ColorMode.Auto;
        ProgressMode progress = ProgressMode.Auto;
        AddressFamily? family = null;

        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (onlyTargets || arg == "-" || !arg.StartsWith('-'))
            {
                targets.Add(arg);
                continue;
            }

            string name = arg;
            string? inline = null;
            int eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                name = arg[..eq];
                inline = arg[(eq + 1)..];
            }

            string? Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 < args.Count)
                {
                    return args[++i];
                }

                return null;
            }

            switch (name)
            {
                case "--":
                    onlyTargets = true;
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                case "--version":
                    version = true;
                    break;
                case "--json":
                    json = true;
                    break;
                case "--tcp-only":
                    udp = false;
                    break;
                case "--no-color" or "--no-colour":
                    color = ColorMode.Never;
                    break;
                case "-q" or "--quiet":
                    progress = ProgressMode.Never;
                    break;
                case "-4":
                    family = AddressFamily.InterNetwork;
                    break;
                case "-6":
                    family = AddressFamily.InterNetworkV6;
                    break;
                case "-f" or "--file":
                    if (Value() is not { Length: > 0 } file)
                    {
                        error = $"{name} needs a file name";
                        return null;
                    }

                    files.Add(file);
                    break;
                case "-p" or "--port":
                    if (!TryInt(Value(), 1, 65535, out port))
                    {
                        error = $"{name} needs a port number from 1 to 65535";
                        return null;
                    }

                    break;
                case "-c" or "--concurrency":
                    if (!TryInt(Value(), 1, 4096, out concurrency))
                    {
                        error = $"{name} needs a number from 1 to 4096";
                        return null;
                    }

                    break;
                case "--max-hosts":
                    if (!TryInt(Value(), 1, 16_777_216, out maxHosts))
                    {
                        error = $"{name} needs a number from 1 to 16777216";
                        return null;
                    }

                    break;
                case "-t" or "--timeout":
                    if (!TryParseTimeout(Value(), out timeout))
                    {
                        error = $"{name} needs a duration from 10ms to 300s, for example 3s, 500ms or 2";
                        return null;
                    }

                    break;
                case "--color" or "--colour":
                    switch (Value())
                    {
                        case "auto": color = ColorMode.Auto; break;
                        case "always": color = ColorMode.Always; break;
                        case "never": color = ColorMode.Never; break;
                        default:
                            error = $"{name} takes auto, always or never";
                            return null;
                    }

                    break;
                case "--progress":
                    switch (Value())
                    {
                        case "auto": progress = ProgressMode.Auto; break;
                        case "always": progress = ProgressMode.Always; break;
                        case "never": progress = ProgressMode.Never; break;
                        default:
                            error = $"{name} takes auto, always or never";
                            return null;
                    }

                    break;
                default:
                    error = $"unknown option {arg}";
                    return null;
            }
        }

        if (!help && !version && targets.Count == 0 && files.Count == 0)
        {
            error = "no targets given";
            return null;
        }

        return new ProbeOptions
        {
            Targets = targets,
            TargetFiles = files,
            Port = port,
            Timeout = timeout,
            Concurrency = concurrency,
            MaxHosts = maxHosts,
            Json = json,
            Udp = udp,
            Color = color,
            Progress = progress,
            Family = family,
            ShowHelp = help,
            ShowVersion = version,
        };
    }

    /// <summary>Reads 3s, 500ms, 1.5s or a bare number of seconds.</summary>
    public static bool TryParseTimeout(string? text, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        double scale = 1000;
        string number = text;
        if (text.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            scale = 1;
            number = text[..^2];
        }
        else if (text.EndsWith('s') || text.EndsWith('S'))
        {
            number = text[..^1];
        }

        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
        {
            return false;
        }

        double ms = value * scale;
        if (ms < 10 || ms > 300_000)
        {
            return false;
        }

        timeout = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    private static bool TryInt(string? text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
