using System.Net;
using System.Net.Sockets;

namespace PortProbe.Targets;

/// <summary>
/// Turns target words (names, literals, CIDR ranges, files of them) into the list of addresses to probe, in the
/// order given, each address once.
/// </summary>
internal static class TargetExpander
{
    /// <summary>Reads the target words of a file: whitespace-separated, <c>#</c> to end of line is a comment.</summary>
    public static IEnumerable<string> ReadWords(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            foreach (string word in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                yield return word;
            }
        }
    }

    /// <summary>
    /// Parses every word and checks the size cap before anything is resolved or probed; returns null and an error
    /// message on the first bad word or when the scan would exceed <paramref name="maxHosts"/>.
    /// </summary>
    public static IReadOnlyList<TargetSpec>? ParseAll(IEnumerable<string> words, int maxHosts, out string? error)
    {
        error = null;
        var specs = new List<TargetSpec>();
        UInt128 total = 0;
        foreach (string word in words)
        {
            if (TargetSpec.Parse(word, out error) is not { } spec)
            {
                return null;
            }

            total += spec.Count;
            if (spec.Count > (UInt128)maxHosts || total > (UInt128)maxHosts)
            {
                error = spec.Count > (UInt128)maxHosts
                    ? $"{word} has {spec.Count} addresses, more than the cap of {maxHosts} (--max-hosts)"
                    : $"the targets expand to more than {maxHosts} addresses (--max-hosts)";
                return null;
            }

            specs.Add(spec);
        }

        if (specs.Count == 0)
        {
            error = "no targets given";
            return null;
        }

        return specs;
    }

    /// <summary>Enumerates every address of a CIDR range, network and broadcast addresses included (as nmap does).</summary>
    public static IEnumerable<IPAddress> Enumerate(IPAddress network, int prefixLength)
    {
        if (network.AddressFamily == AddressFamily.InterNetwork)
        {
            uint value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(network.GetAddressBytes());
            uint mask = prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);
            uint first = value & mask;
            ulong count = 1UL << (32 - prefixLength);
            var bytes = new byte[4];
            for (ulong i = 0; i < count; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, first + (uint)i);
                yield return new IPAddress(bytes);
            }
        }
        else
        {
            UInt128 value = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(network.GetAddressBytes());
            UInt128 mask = prefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefixLength);
            UInt128 first = value & mask;
            UInt128 count = UInt128.One << (128 - prefixLength);
            var bytes = new byte[16];
            for (UInt128 i = 0; i < count; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, first + i);
                yield return new IPAddress(bytes);
            }
        }
    }

    /// <summary>
    /// Resolves names (in parallel, each within <paramref name="timeout"/>) and expands ranges; a name that does not
    /// resolve becomes a target with an error, so the report still shows it.
    /// </summary>
    public static async Task<IReadOnlyList<ProbeTarget>> ExpandAsync(
        IReadOnlyList<TargetSpec> specs,
        AddressFamily? family,
        TimeSpan timeout,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolver,
        CancellationToken cancellationToken)
    {
        resolver ??= Dns.GetHostAddressesAsync;
        var lookups = new Dictionary<string, Task<(IPAddress[]? Addresses, string? Error)>>(StringComparer.OrdinalIgnoreCase);
        foreach (TargetSpec spec in specs)
        {
            if (spec.Kind == TargetKind.HostName && !lookups.ContainsKey(spec.Text))
            {
                lookups[spec.Text] = ResolveAsync(spec.Text, resolver, timeout, cancellationToken);
            }
        }

        var result = new List<ProbeTarget>();
        var seen = new HashSet<IPAddress>();
        foreach (TargetSpec spec in specs)
        {
            switch (spec.Kind)
            {
                case TargetKind.Address:
                    if (seen.Add(spec.Address!))
                    {
                        result.Add(new ProbeTarget(spec.Text, spec.Address, null));
                    }

                    break;
                case TargetKind.Range:
                    foreach (IPAddress address in Enumerate(spec.Address!, spec.PrefixLength))
                    {
                        if (seen.Add(address))
                        {
                            result.Add(new ProbeTarget(spec.Text, address, null));
                        }
                    }

                    break;
                default:
                    (IPAddress[]? addresses, string? error) = await lookups[spec.Text].ConfigureAwait(false);
                    IPAddress[] usable = addresses?.Where(a => family is null || a.AddressFamily == family).ToArray() ?? [];
                    if (usable.Length == 0)
                    {
                        result.Add(new ProbeTarget(spec.Text, null, error ?? "the name has no address of the requested family"));
                    }

                    foreach (IPAddress address in usable)
                    {
                        if (seen.Add(address))
                        {
                            result.Add(new ProbeTarget(spec.Text, address, null));
                        }
                    }

                    break;
            }
        }

        return result;
    }

    private static async Task<(IPAddress[]? Addresses, string? Error)> ResolveAsync(
        string name, Func<string, CancellationToken, Task<IPAddress[]>> resolver, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            IPAddress[] addresses = await resolver(name, cts.Token).ConfigureAwait(false);
            // Prefer IPv4 first, then IPv6, keeping the resolver's order within each family, so reports are stable.
            return (addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).ToArray(), null);
        }
        catch (SocketException ex)
        {
            return (null, "cannot resolve: " + ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "cannot resolve: the name lookup timed out");
        }
    }
}
