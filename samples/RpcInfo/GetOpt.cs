namespace RpcInfo;

/// <summary>
/// The command-line scanner of GNU <c>getopt(3)</c> (without long options), as rpcinfo uses it: options may
/// follow operands (the operands are collected in order, as GNU getopt permutes them), "--" ends the options,
/// clusters such as <c>-Ttcp</c> carry their argument, and diagnostics have glibc's wording.
/// </summary>
internal sealed class GetOpt
{
    private readonly string[] _args;
    private readonly string _optionString;
    private readonly TextWriter _stderr;
    private readonly string _programName;
    private readonly bool _stopAtFirstOperand;
    private readonly List<string> _operands = new();
    private int _index;
    private int _clusterPosition;
    private bool _optionsEnded;

    public GetOpt(string[] args, string optionString, TextWriter stderr, string programName)
    {
        _args = args;
        _optionString = optionString;
        _stderr = stderr;
        _programName = programName;

        // glibc honours POSIXLY_CORRECT (and a leading '+') by stopping at the first operand.
        _stopAtFirstOperand = Environment.GetEnvironmentVariable("POSIXLY_CORRECT") is not null;
    }

    /// <summary>The operands met so far; complete once <see cref="Next"/> returned -1.</summary>
    public IReadOnlyList<string> Operands => _operands;

    /// <summary>The argument of the option <see cref="Next"/> returned last, if it takes one.</summary>
    public string? OptionArgument { get; private set; }

    /// <summary>Returns the next option character, '?' for an unknown one or a missing argument (after printing the diagnostic), or -1 at the end.</summary>
    public int Next()
    {
        OptionArgument = null;
        while (_clusterPosition == 0)
        {
            if (_index >= _args.Length)
            {
                return -1;
            }

            string arg = _args[_index];
            if (_optionsEnded || arg.Length < 2 || arg[0] != '-')
            {
                _operands.Add(arg);
                _index++;
                if (_stopAtFirstOperand)
                {
                    _optionsEnded = true;
                }

                continue;
            }

            if (arg == "--")
            {
                _optionsEnded = true;
                _index++;
                continue;
            }

            _clusterPosition = 1;
        }

        string cluster = _args[_index];
        char c = cluster[_clusterPosition++];
        bool clusterDone = _clusterPosition >= cluster.Length;
        int at = c == ':' ? -1 : _optionString.IndexOf(c, StringComparison.Ordinal);
        if (at < 0)
        {
            _stderr.Write($"{_programName}: invalid option -- '{c}'\n");
            FinishClusterIf(clusterDone);
            return '?';
        }

        bool takesArgument = at + 1 < _optionString.Length && _optionString[at + 1] == ':';
        if (!takesArgument)
        {
            FinishClusterIf(clusterDone);
            return c;
        }

        if (!clusterDone)
        {
            OptionArgument = cluster.Substring(_clusterPosition);
            FinishClusterIf(true);
            return c;
        }

        FinishClusterIf(true);
        if (_index >= _args.Length)
        {
            _stderr.Write($"{_programName}: option requires an argument -- '{c}'\n");
            return '?';
        }

        OptionArgument = _args[_index++];
        return c;
    }

    private void FinishClusterIf(bool done)
    {
        if (done)
        {
            _clusterPosition = 0;
            _index++;
        }
    }
}
