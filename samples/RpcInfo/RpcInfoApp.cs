using System.Globalization;
using OncRpc.Portmapper;

namespace RpcInfo;

/// <summary>
/// The rpcinfo command: the same arguments, output bytes and exit codes as rpcinfo from Debian's rpcbind 1.2.6,
/// built on OncRpc and OncRpc.Portmapper. Everything it prints goes to the writers it is given, so tests run it
/// in-process as well as through the published executable.
/// </summary>
internal sealed partial class RpcInfoApp
{
    /// <summary>The name rpcinfo calls itself in diagnostics, whatever the executable is called.</summary>
    public const string ProgramName = "rpcinfo";

    internal const string UsageText =
        "Usage: rpcinfo [-m | -s] [host]\n" +
        "       rpcinfo -p [host]\n" +
        "       rpcinfo -T netid host prognum [versnum]\n" +
        "       rpcinfo -l host prognum versnum\n" +
        "       rpcinfo [-n portnum] -u | -t host prognum [versnum]\n" +
        "       rpcinfo -a serv_address -T netid prognum [version]\n" +
        "       rpcinfo -b prognum versnum\n" +
        "       rpcinfo -d [-T netid] prognum versnum\n";

    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly RpcInfoSettings _settings;
    private readonly CancellationToken _cancellationToken;
    private RpcProgramNames? _names;
    private Netconfig? _netconfig;

    private RpcInfoApp(TextWriter stdout, TextWriter stderr, RpcInfoSettings settings, CancellationToken cancellationToken)
    {
        _out = stdout;
        _err = stderr;
        _settings = settings;
        _cancellationToken = cancellationToken;
    }

    private enum Function
    {
        None,
        PortmapperDump,
        TcpPing,
        UdpPing,
        Broadcast,
        Delete,
        AddressPing,
        ProgramPing,
        RpcbindDump,
        RpcbindDumpShort,
        AddressList,
        Statistics,
    }

    /// <summary>Runs rpcinfo with the given arguments and returns its exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr, RpcInfoSettings.Default, cancellationToken);

    /// <summary>Runs rpcinfo against the rpcbind and limits <paramref name="settings"/> describe.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, RpcInfoSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var app = new RpcInfoApp(stdout, stderr, settings, cancellationToken);
        try
        {
            return await app.RunCoreAsync(args).ConfigureAwait(false);
        }
        catch (RpcInfoExitException exit)
        {
            return exit.ExitCode;
        }
    }

    private RpcProgramNames Names => _names ??= RpcProgramNames.LoadOrBuiltIn(_settings.ProgramNamesPath);

    private Netconfig NetconfigDatabase => _netconfig ??= Netconfig.Load(_settings.NetconfigPath);

    private async Task<int> RunCoreAsync(string[] args)
    {
        Function function = Function.None;
        bool errorFlag = false;
        string? netid = null;
        string? address = null;
        int portNumber = 0;

        var getopt = new GetOpt(args, "a:bdlmn:pstT:u", _err, ProgramName);
        int c;
        while ((c = getopt.Next()) != -1)
        {
            switch (c)
            {
                case 'p':
                    SetFunction(ref function, ref errorFlag, Function.PortmapperDump);
                    break;
                case 't':
                    SetFunction(ref function, ref errorFlag, Function.TcpPing);
                    break;
                case 'u':
                    SetFunction(ref function, ref errorFlag, Function.UdpPing);
                    break;
                case 'n':
                    string portText = getopt.OptionArgument!;
                    long port = CNumbers.StrToL(portText, out int end);
                    if (end == 0 || end != portText.Length)
                    {
                        _err.Write($"rpcinfo: {portText} is illegal port number\n");
                        return 1;
                    }

                    portNumber = unchecked((ushort)port);
                    break;
                case 'a':
                    address = getopt.OptionArgument;
                    SetFunction(ref function, ref errorFlag, Function.AddressPing);
                    break;
                case 'b':
                    SetFunction(ref function, ref errorFlag, Function.Broadcast);
                    break;
                case 'd':
                    SetFunction(ref function, ref errorFlag, Function.Delete);
                    break;
                case 'l':
                    SetFunction(ref function, ref errorFlag, Function.AddressList);
                    break;
                case 'm':
                    SetFunction(ref function, ref errorFlag, Function.Statistics);
                    break;
                case 's':
                    SetFunction(ref function, ref errorFlag, Function.RpcbindDumpShort);
                    break;
                case 'T':
                    netid = getopt.OptionArgument;
                    break;
                default:
                    errorFlag = true;
                    break;
            }
        }

        if (errorFlag || (function == Function.AddressPing && netid is null))
        {
            return Usage();
        }

        string[] operands = getopt.Operands.ToArray();
        if (function == Function.None)
        {
            function = operands.Length > 1 ? Function.ProgramPing : Function.RpcbindDump;
        }

        switch (function)
        {
            case Function.PortmapperDump:
                if (portNumber != 0)
                {
                    return Usage();
                }

                await PortmapperDumpAsync(operands).ConfigureAwait(false);
                break;
            case Function.UdpPing:
                await IpPingAsync("udp", operands).ConfigureAwait(false);
                break;
            case Function.TcpPing:
                await IpPingAsync("tcp", operands).ConfigureAwait(false);
                break;
            case Function.Broadcast:
                Broadcast(operands);
                break;
            case Function.Delete:
                await DeleteAsync(netid, operands).ConfigureAwait(false);
                break;
            case Function.AddressPing:
                await AddressPingAsync(address!, netid, operands).ConfigureAwait(false);
                break;
            case Function.ProgramPing:
                await ProgramPingAsync(netid, operands).ConfigureAwait(false);
                break;
            case Function.RpcbindDump:
            case Function.RpcbindDumpShort:
                await RpcbindDumpAsync(function == Function.RpcbindDumpShort, netid, operands).ConfigureAwait(false);
                break;
            case Function.Statistics:
                await StatisticsAsync(operands).ConfigureAwait(false);
                break;
            case Function.AddressList:
                await AddressListAsync(netid, operands).ConfigureAwait(false);
                break;
        }

        return 0;
    }

    private static void SetFunction(ref Function function, ref bool errorFlag, Function requested)
    {
        if (function != Function.None)
        {
            errorFlag = true;
        }
        else
        {
            function = requested;
        }
    }

    private int Usage()
    {
        _err.Write(UsageText);
        return 1;
    }

    /// <summary>Prints the usage text and ends the run with 1, as the modes do on a wrong operand count.</summary>
    private RpcInfoExitException UsageExit()
    {
        _err.Write(UsageText);
        return new RpcInfoExitException(1);
    }

    /// <summary>Prints "rpcinfo: ..." style text on stderr and ends the run with 1.</summary>
    private RpcInfoExitException Fail(string line)
    {
        _err.Write(line);
        _err.Write('\n');
        return new RpcInfoExitException(1);
    }

    /// <summary>
    /// rpcinfo's <c>getprognum</c>: a name from the program database unless the text is digits (optionally
    /// followed by one character that is not a letter, which then makes it an illegal number).
    /// </summary>
    internal ulong GetProgramNumber(string arg)
    {
        int i = 0;
        bool sawNonDigit = false;
        while (i < arg.Length)
        {
            char ch = arg[i++];
            if (!CNumbers.IsCDigit(ch))
            {
                sawNonDigit = true;
                break;
            }
        }

        bool moreAfterStop = i < arg.Length;
        bool lastIsAlpha = sawNonDigit && CNumbers.IsCAlpha(arg[i - 1]);
        if (moreAfterStop || lastIsAlpha)
        {
            if (!Names.TryGetProgram(arg, out uint number))
            {
                throw Fail($"rpcinfo: {arg} is unknown service");
            }

            return number;
        }

        long value = CNumbers.StrToL(arg, out int end);
        if (end == 0 || end != arg.Length)
        {
            throw Fail($"rpcinfo: {arg} is illegal program number");
        }

        return unchecked((ulong)value);
    }

    /// <summary>rpcinfo's <c>getvers</c>: <c>(int) strtol</c> widened to an unsigned long, as C does.</summary>
    internal ulong GetVersionNumber(string arg)
    {
        long value = CNumbers.StrToL(arg, out int end);
        if (end == 0 || end != arg.Length)
        {
            throw Fail($"rpcinfo: {arg} is illegal version number");
        }

        return unchecked((ulong)(long)(int)value);
    }

    /// <summary>The program's name from the database, as <c>getrpcbynumber</c> finds it.</summary>
    private string? ProgramName32(uint program) => Names.GetName(program);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
