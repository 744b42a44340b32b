using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace OncRpc.XdrGen.Tests.Rpcgen;

/// <summary>What the rpcgen routine did with one input.</summary>
internal enum RpcgenStatus
{
    RoundTripped = 0,
    UnknownType = 1,
    Rejected = 2,
    EncodeFailed = 3,
}

/// <summary>The answer of the C harness for one input: the status, the bytes the decode consumed, the re-encoding.</summary>
internal sealed record RpcgenAnswer(RpcgenStatus Status, int Consumed, byte[] Encoded);

/// <summary>
/// rpcgen's <c>xdr_&lt;type&gt;</c> routines for the oracle's .x files in one long-lived process: <c>rpcgen -h</c> and
/// <c>rpcgen -c</c> of each file, a generated table of the routines and Rpcgen/harness.c, built with gcc against
/// libtirpc into a temporary directory. One request/answer exchange per input over stdin/stdout (see harness.c).
/// </summary>
internal sealed partial class RpcgenHarness : IDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly string _directory;
    private readonly object _gate = new();

    private RpcgenHarness(Process process, string directory)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        _directory = directory;
    }

    /// <summary>The xdr_ routines the harness knows, by XDR type name.</summary>
    public required IReadOnlySet<string> Routines { get; init; }

    /// <summary>Builds and starts the harness for <paramref name="files"/>; throws with the tool's output when rpcgen or gcc is missing or fails.</summary>
    public static RpcgenHarness Start(IEnumerable<string> files)
    {
        string dir = Path.Combine(Path.GetTempPath(), "xdrgen-rpcgen-oracle", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            return Build(files, dir);
        }
        catch
        {
            Directory.Delete(dir, recursive: true);
            throw;
        }
    }

    private static RpcgenHarness Build(IEnumerable<string> files, string dir)
    {
        var sources = new List<string> { Path.Combine(AppContext.BaseDirectory, "Rpcgen", "harness.c"), "routines.c" };
        var routines = new List<string>();
        foreach (string file in files)
        {
            string stem = Path.GetFileNameWithoutExtension(file);
            File.Copy(file, Path.Combine(dir, stem + ".x"));
            Run("rpcgen", dir, "-h", "-o", stem + ".h", stem + ".x");
            Run("rpcgen", dir, "-c", "-o", stem + "_xdr.c", stem + ".x");
            string code = File.ReadAllText(Path.Combine(dir, stem + "_xdr.c"));
            routines.AddRange(RoutineDefinition().Matches(code).Select(m => m.Groups[1].Value));

            // <rpc/rpc.h> first: tirpc's own rpcb_prot.h (rpcgen output with the same include guard) must win over
            // the one rpcgen just wrote, which <rpc/rpc.h> would otherwise shadow half-way. tirpc does not export
            // xdr_rpcprog_t and friends (rpcb_prot.x uses them): they are plain 32-bit unsigned integers.
            File.WriteAllText(Path.Combine(dir, "w_" + stem + ".c"),
                "#include <rpc/rpc.h>\n#define xdr_rpcprog_t xdr_u_int32_t\n#define xdr_rpcvers_t xdr_u_int32_t\n" +
                "#define xdr_rpcproc_t xdr_u_int32_t\n#include \"" + stem + "_xdr.c\"\n");
            sources.Add("w_" + stem + ".c");
        }

        // Prototypes of its own: the rpcgen headers of several files cannot all be included in one unit.
        var table = new StringBuilder("struct routine { const char *name; int (*proc)(void *, void *, unsigned); };\n");
        foreach (string routine in routines)
        {
            table.Append("extern int xdr_").Append(routine).Append("(void *, void *, unsigned);\n");
        }

        table.Append("const struct routine oracle_routines[] = {\n");
        foreach (string routine in routines)
        {
            table.Append("    { \"").Append(routine).Append("\", xdr_").Append(routine).Append(" },\n");
        }

        table.Append("    { 0, 0 }\n};\n");
        File.WriteAllText(Path.Combine(dir, "routines.c"), table.ToString());
        Run("gcc", dir, ["-O1", "-w", "-I/usr/include/tirpc", "-o", "harness", .. sources, "-ltirpc"]);

        var start = new ProcessStartInfo(Path.Combine(dir, "harness"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
        };
        Process process = Process.Start(start) ?? throw new InvalidOperationException("The rpcgen harness did not start.");
        return new RpcgenHarness(process, dir) { Routines = routines.ToHashSet(StringComparer.Ordinal) };
    }

    /// <summary>Decodes <paramref name="data"/> with xdr_<paramref name="type"/> and re-encodes the result.</summary>
    public RpcgenAnswer RoundTrip(string type, ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            byte[] name = Encoding.ASCII.GetBytes(type);
            var request = new byte[8 + name.Length + data.Length];
            BinaryPrimitives.WriteUInt32BigEndian(request, (uint)name.Length);
            name.CopyTo(request, 4);
            BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(4 + name.Length), (uint)data.Length);
            data.CopyTo(request.AsSpan(8 + name.Length));
            _input.Write(request);
            _input.Flush();

            Span<byte> header = stackalloc byte[12];
            _output.ReadExactly(header);
            var status = (RpcgenStatus)BinaryPrimitives.ReadUInt32BigEndian(header);
            int consumed = (int)BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
            var encoded = new byte[BinaryPrimitives.ReadUInt32BigEndian(header[8..])];
            _output.ReadExactly(encoded);
            return new RpcgenAnswer(status, consumed, encoded);
        }
    }

    public void Dispose()
    {
        _input.Dispose();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static void Run(string tool, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{tool}' is not installed (the rpcgen oracle needs rpcgen from rpcsvc-proto, gcc and libtirpc-dev): {ex.Message}", ex);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{stdout.Result}{stderr.Result}");
            }
        }
    }

    [GeneratedRegex(@"^xdr_(\w+) \(XDR \*xdrs", RegexOptions.Multiline)]
    private static partial Regex RoutineDefinition();
}
