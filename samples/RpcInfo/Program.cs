using System.Text;
using RpcInfo;

// stdout is written in one go at the end, like the C tool's fully buffered stdout on a pipe; stderr is unbuffered.
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
using var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8, 16 * 1024) { AutoFlush = false };
using var stderr = new StreamWriter(Console.OpenStandardError(), utf8, 1024) { AutoFlush = true };
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

int exitCode;
try
{
    exitCode = await RpcInfoApp.RunAsync(args, stdout, stderr, cancel.Token).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
    exitCode = 130;
}

stdout.Flush();
return exitCode;
