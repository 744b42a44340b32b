namespace OncRpc.Portmapper;

/// <summary>
/// Address lookup counters of one program, version and transport in rpcbind's statistics
/// (<c>struct rpcbs_addrlist</c>, without its link).
/// </summary>
/// <param name="Program">The program number that was looked up.</param>
/// <param name="Version">The version number that was looked up.</param>
/// <param name="Successes">How many lookups found an address.</param>
/// <param name="Failures">How many lookups found none.</param>
/// <param name="NetId">The network identifier the lookups asked about.</param>
public sealed record RpcbindAddressStatistic(uint Program, uint Version, int Successes, int Failures, string NetId)
{
    /// <summary>Gets the network identifier the lookups asked about.</summary>
    public string NetId { get; init; } = NetId ?? throw new ArgumentNullException(nameof(NetId));
}
