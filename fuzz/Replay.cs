namespace OncRpc.Fuzz;

/// <summary>
/// Runs reproducers through <see cref="Harness"/> without afl-fuzz: the same checks, plus a time limit per input
/// (ONCRPC_FUZZ_TIMEOUT_MS, 10 s by default) so a hang is reported instead of waited for.
/// </summary>
internal static class Replay
{
    public static int Run(FuzzTarget target, string[] files)
    {
        if (files.Length == 0)
        {
            Console.Error.WriteLine("replay: no input files");
            return 2;
        }

        int timeout = int.TryParse(Environment.GetEnvironmentVariable("ONCRPC_FUZZ_TIMEOUT_MS"), out int ms) && ms > 0 ? ms : 10_000;
        int failures = 0;
        foreach (string file in files)
        {
            byte[] input = File.ReadAllBytes(file);
            Exception? failure = null;
            var thread = new Thread(() =>
            {
                try
                {
                    Harness.Execute(target, input);
                }
#pragma warning disable CA1031 // Every escaping exception is the finding to report.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = ex;
                }
            }, 8 * 1024 * 1024) { IsBackground = true }; // the main thread's stack, where afl-fuzz runs inputs
            thread.Start();
            if (!thread.Join(timeout))
            {
                Console.WriteLine($"HANG  {target.Name} {file}: still running after {timeout} ms");
                return 1;
            }

            if (failure is null)
            {
                Console.WriteLine($"ok    {target.Name} {file} ({input.Length} bytes)");
            }
            else
            {
                failures++;
                Console.WriteLine($"CRASH {target.Name} {file} ({input.Length} bytes): {failure}");
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
