namespace ShowMount;

/// <summary>showmount ends here with an exit status; its diagnostic has already been written.</summary>
internal sealed class ShowMountExitException : Exception
{
    public ShowMountExitException(int exitCode)
        : base($"showmount exits with status {exitCode}.")
    {
        ExitCode = exitCode;
    }

    public ShowMountExitException()
        : this(1)
    {
    }

    public ShowMountExitException(string message)
        : base(message)
    {
        ExitCode = 1;
    }

    public ShowMountExitException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = 1;
    }

    public int ExitCode { get; }
}
