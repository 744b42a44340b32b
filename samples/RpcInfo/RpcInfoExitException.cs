namespace RpcInfo;

/// <summary>
/// Ends the run with an exit code from deep inside a mode, as the C tool's <c>exit()</c> calls do; whatever had to
/// be printed was printed before it is thrown.
/// </summary>
internal sealed class RpcInfoExitException : Exception
{
    public RpcInfoExitException(int exitCode)
        : base("rpcinfo exits with " + exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))
    {
        ExitCode = exitCode;
    }

    public RpcInfoExitException()
        : this(1)
    {
    }

    public RpcInfoExitException(string message)
        : base(message)
    {
        ExitCode = 1;
    }

    public RpcInfoExitException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = 1;
    }

    public int ExitCode { get; }
}
