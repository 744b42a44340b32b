namespace OncRpc.XdrGen.Syntax;

/// <summary>An error in the input: reported as <c>file:line:col: error: message</c> and exit code 1.</summary>
internal sealed class XdrGenException : Exception
{
    public XdrGenException(SourceLocation location, string message)
        : base(message)
    {
        Location = location;
    }

    public SourceLocation Location { get; }

    public string Format() => $"{Location}: error: {Message}";
}
