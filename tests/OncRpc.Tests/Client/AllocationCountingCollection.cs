using Xunit;

namespace OncRpc.Tests.Client;

/// <summary>
/// Tests that count the bytes the process allocates (<see cref="GC.GetTotalAllocatedBytes(bool)"/> is process-wide)
/// run alone, so that other tests running meanwhile do not count against them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCountingCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Allocation counting";
}
