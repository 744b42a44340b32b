using System.Text;
using RpcInfo;

// stdout is written in one go at the end, like the C tool's fully buffered stdout on a pipe; stderr is unbuffered.
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
// File descriptors 1 and 2 directly rather than through Console, whose start-up also sets up terminal and signal
// handling (a thread of its own) that rpcinfo does not need.
using var stdout = new StreamWriter(new DescriptorStream(1), utf8, 16 * 1024) { AutoFlush = false };
using var stderr = new StreamWriter(new DescriptorStream(2), utf8, 1024) { AutoFlush = true };

// No Ctrl+C handler: like the C tool, an interrupted run dies of the signal (and the runtime starts no signal
// handling thread for it, which a start-up measured in milliseconds notices).
int exitCode = await RpcInfoApp.RunAsync(args, stdout, stderr, CancellationToken.None).ConfigureAwait(false);

stdout.Flush();
return exitCode;
