using OncRpc.Testing;
using Xunit;

namespace OncRpc.Portmapper.Tests.Interop;

/// <summary>
/// Tests that register programs with the machine's rpcbind, or compare its whole table with the C rpcinfo, hold the
/// cross-process <see cref="SystemRpcbindLock"/> so that other test assemblies never see their registrations mid-dump.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SystemRpcbindCollection : ICollectionFixture<SystemRpcbindLock>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "system rpcbind";
}
