using PortProbe;
using PortProbe.Probing;

// portprobe: is port 111 exposed, what does it reveal, and can it be abused for UDP reflection? See README.md.
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

try
{
    return await ProbeApp.RunAsync(args, ProbeConsole.System, new LibraryRpcbindInspector(), cts.Token);
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    Console.Error.WriteLine($"portprobe: {ex.Message}");
    return 2;
}
