namespace PortProbe;

/// <summary>The process's streams and environment, passed in so tests can run the whole program in memory.</summary>
internal sealed record ProbeConsole(TextWriter Out, TextWriter Error, TextReader In, bool OutputIsTerminal, bool ErrorIsTerminal, Func<string, string?> Environment)
{
    public static ProbeConsole System => new(
        Console.Out, Console.Error, Console.In, !Console.IsOutputRedirected, !Console.IsErrorRedirected, global::System.Environment.GetEnvironmentVariable);
}
