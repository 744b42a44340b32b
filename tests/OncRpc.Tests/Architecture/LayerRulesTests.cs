using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace OncRpc.Tests.Architecture;

/// <summary>The compiled OncRpc.dll keeps to the layer rules of docs/architecture.md.</summary>
public sealed class LayerRulesTests
{
    private static readonly string Library = typeof(RpcException).Assembly.Location;

    [Fact]
    public void Every_layer_uses_only_the_layers_it_may()
    {
        IReadOnlyList<TypeUse> uses = TypeDependencyScanner.Scan(Library);
        string[] violations = LayerRules.Violations(uses).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.True(violations.Length == 0, $"{violations.Length} uses break the layer rules (docs/architecture.md):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_scan_sees_every_layer_and_the_uses_between_them()
    {
        // A scan that found nothing would pass the rules trivially: it must see the known edges.
        IReadOnlyList<TypeUse> uses = TypeDependencyScanner.Scan(Library);
        Assert.Contains(uses, u => u.FromNamespace == LayerRules.Client && u.ToNamespace == LayerRules.Messages);
        Assert.Contains(uses, u => u.FromNamespace == LayerRules.Server && u.ToNamespace == LayerRules.Framing);
        Assert.Contains(uses, u => u.FromNamespace == LayerRules.Messages && u.ToNamespace == LayerRules.Xdr);
        Assert.Contains(uses, u => u.FromNamespace == LayerRules.Client && !u.ToIsLocal && u.ToNamespace == "System.Net.Sockets");
        foreach (string layer in LayerRules.MayUse.Keys)
        {
            Assert.Contains(uses, u => u.FromNamespace == layer);
        }
    }

    [Fact]
    public void The_library_references_no_portmapper_and_grants_it_no_internals()
    {
        using FileStream stream = File.OpenRead(Library);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        string[] references = md.AssemblyReferences.Select(r => md.GetString(md.GetAssemblyReference(r).Name)).ToArray();
        Assert.DoesNotContain(references, r => r.StartsWith("OncRpc", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));

        // The portmapper is written against the public API only, so the library shows it no internals.
        string[] friends = typeof(RpcException).Assembly.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName).ToArray();
        Assert.DoesNotContain(friends, f => f.StartsWith("OncRpc.Portmapper", StringComparison.Ordinal) && !f.EndsWith(".Tests", StringComparison.Ordinal));
    }
}
