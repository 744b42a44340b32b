using OncRpc.XdrGen.Semantics;

namespace OncRpc.XdrGen;

/// <summary>What the command line (or MSBuild item metadata) configures.</summary>
internal sealed class CompilerOptions
{
    public List<string> Inputs { get; } = [];

    public string? OutputDirectory { get; set; }

    public string? Namespace { get; set; }

    public List<KeyValuePair<string, string>> Defines { get; } = [];

    public List<string> IncludeDirectories { get; } = [];

    public Dictionary<string, TypeBinding> Bindings { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets how many times to compile every input (after one warm-up) and report the time: <c>--time N</c>.</summary>
    public int TimingRuns { get; set; }
}
