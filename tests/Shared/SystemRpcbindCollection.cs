using Xunit;

namespace OncRpc.Testing;

/// <summary>
/// Tests that register programs with the machine's rpcbind, or read or compare its whole table, run one at a time
/// and hold the cross-process <see cref="SystemRpcbindLock"/>, so that other test assemblies never see their
/// registrations in the middle of a dump. Each test assembly compiles this file, so each has the collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SystemRpcbindCollection : ICollectionFixture<SystemRpcbindLock>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "system rpcbind";
}
