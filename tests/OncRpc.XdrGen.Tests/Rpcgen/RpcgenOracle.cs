namespace OncRpc.XdrGen.Tests.Rpcgen;

/// <summary>The harness and the bound files, built once for all oracle tests (lazily: skipped tests build nothing).</summary>
public sealed class RpcgenOracle : IDisposable
{
    private readonly Lazy<RpcgenHarness> _harness = new(() => RpcgenHarness.Start(OracleFile.Paths));
    private readonly Lazy<IReadOnlyDictionary<string, OracleFile>> _files =
        new(() => OracleFile.Paths.ToDictionary(p => Path.GetFileName(p), OracleFile.Load, StringComparer.Ordinal));

    internal RpcgenHarness Harness => _harness.Value;

    internal OracleFile File(string name) => _files.Value[name];

    internal IEnumerable<OracleFile> Files => _files.Value.Values;

    public void Dispose()
    {
        if (_harness.IsValueCreated)
        {
            _harness.Value.Dispose();
        }
    }
}
