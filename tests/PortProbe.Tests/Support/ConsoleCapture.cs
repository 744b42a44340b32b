namespace PortProbe.Tests.Support;

/// <summary>Runs the whole program with in-memory streams and a chosen environment.</summary>
internal sealed class ConsoleCapture
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public ConsoleCapture(bool terminal = false, Dictionary<string, string>? environment = null, string input = "")
    {
        Console = new ProbeConsole(_out, _error, new StringReader(input), terminal, false, name => environment?.GetValueOrDefault(name));
    }

    public ProbeConsole Console { get; }

    public string Out => _out.ToString();

    public string Error => _error.ToString();
}
