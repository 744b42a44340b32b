using System.Text;
using RpcInfo;
using ShowMount;

// stdout is written in one go at the end, like the C tool's fully buffered stdout on a pipe; stderr is unbuffered.
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
using var stdout = new StreamWriter(new DescriptorStream(1), utf8, 16 * 1024) { AutoFlush = false };
using var stderr = new StreamWriter(new DescriptorStream(2), utf8, 1024) { AutoFlush = true };

int exitCode = await ShowMountApp.RunAsync(args, ProgramName.Get(), stdout, stderr, ShowMountSettings.Default, CancellationToken.None).ConfigureAwait(false);

stdout.Flush();
return exitCode;
